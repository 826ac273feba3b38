/**
 * Zod schemas of the vendor API's objects (the document's examples are committed in test/fixtures/api-examples).
 *
 * They accept everything the document allows: nested objects and most scalars may be null or
 * absent, and unknown fields are kept (looseObject) so nothing the server said is lost when a
 * ticket is cached and shown again. Only `id` is required: without it a record is useless.
 */
import { z } from 'zod'

const id = z.number().int()
const optId = id.nullish()
const optText = z.string().nullish()
/** `YYYY-MM-DD HH:MM:SS` (or a date) in server local time; kept as the exact string sent. */
const optDateTime = z.string().nullish()

export const extensionSchema = z.looseObject({
  id,
  type: z.number().nullish(),
  extension: optText,
  description: optText,
  media_cluster_id: optId,
})

export const groupSchema = z.looseObject({
  id,
  name: optText,
  description: optText,
  supervisor_id: optId,
})

export const ctiAgentSchema = z.looseObject({
  id,
  account: optText,
  group_id: optId,
})

export const employeeSchema = z.looseObject({
  id,
  name: optText,
  first_name: optText,
  last_name: optText,
  employee_no: optText,
  photo_url: optText,
  identity_no: optText,
  job_title_id: optId,
  department_id: optId,
  extension_id: optId,
  extension: extensionSchema.nullish(),
  group_id: optId,
  group: groupSchema.nullish(),
  cti_agent_account: optText,
  cti_agent: ctiAgentSchema.nullish(),
  created_at: optDateTime,
  updated_at: optDateTime,
  // Only in the /employee listing:
  job_title: z.looseObject({ id, abbrev: optText, name: optText, description: optText }).nullish(),
  department: z.looseObject({ id }).nullish(),
  profile: z.looseObject({ id, phones: z.array(z.unknown()).nullish() }).nullish(),
  is_active: z.boolean().nullish(),
  role: optText,
  email: optText,
  is_immortal: z.boolean().nullish(),
})

export const contactSchema = z.looseObject({
  id,
  name: optText,
  first_name: optText,
  last_name: optText,
  membership_no: optText,
  /** National id number: personal data, masked in the UI and never logged. */
  identity_no: optText,
  gender: z.number().nullish(),
  birth_at: optDateTime,
  profile_id: optId,
  sponsor_id: optId,
  disturb_setting: z.unknown().optional(),
})

export const categoryRefSchema = z.looseObject({
  id,
  name: optText,
  description: optText,
})

export const subCategoryRefSchema = z.looseObject({
  id,
  name: optText,
  description: optText,
  category: categoryRefSchema.nullish(),
  category_id: optId,
})

export const sponsorSchema = z.looseObject({
  id,
  name: optText,
  description: optText,
  is_immortal: z.boolean().nullish(),
  mail_channels: z.array(z.unknown()).nullish(),
})

export const terminationCodeSchema = z.looseObject({
  id,
  name: optText,
  description: optText,
  status: z.number().int().nullish(),
  creater_id: optId,
})

export const interactionSchema = z.looseObject({
  id,
  is_acw_completed: z.boolean().nullish(),
  first_enter_queue_at: optDateTime,
  acw_at: optDateTime,
  last_finished_at: optDateTime,
  handler_id: optId,
  handler: employeeSchema.nullish(),
  contact_id: optId,
  memo: optText,
  bound_type: z.number().nullish(),
  sponsor_id: optId,
  campaign_queue_id: optId,
  result_id: optId,
})

export const ticketSchema = z.looseObject({
  id,
  subject: optText,
  content: optText,
  due_at: optDateTime,
  status: z.number().int().nullish(),
  status_memo: optText,
  priority: z.number().int().nullish(),
  contact: contactSchema.nullish(),
  contact_id: optId,
  sub_category: subCategoryRefSchema.nullish(),
  sub_category_id: optId,
  creater: employeeSchema.nullish(),
  handler_id: optId,
  handler: employeeSchema.nullish(),
  interact_collections: z.array(interactionSchema).nullish(),
  sponsor_id: optId,
  sponsor: sponsorSchema.nullish(),
  campaign_queue: z.unknown().optional(),
  campaign_queue_id: optId,
  created_at: optDateTime,
  updated_at: optDateTime,
  termination_code_id: optId,
  termination_code: terminationCodeSchema.nullish(),
  category: categoryRefSchema.nullish(),
  category_id: optId,
})

/** A main category as listed by GET /category: with its sub-categories in `children`. */
export const categorySchema = z.looseObject({
  id,
  name: optText,
  description: optText,
  children: z.array(categoryRefSchema).nullish(),
})

/** A sub-category as listed by GET /subcategory. */
export const subCategorySchema = subCategoryRefSchema

/** Laravel's length-aware paginator meta. `per_page` echoes the query string, so it may be text. */
export const pageMetaSchema = z.looseObject({
  current_page: z.coerce.number().int(),
  from: z.number().int().nullish(),
  last_page: z.coerce.number().int(),
  per_page: z.union([z.number(), z.string()]).transform((v) => Number(v)),
  to: z.number().int().nullish(),
  total: z.coerce.number().int(),
})

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ data: z.array(item), meta: pageMetaSchema })
}

export type Employee = z.infer<typeof employeeSchema>
export type Contact = z.infer<typeof contactSchema>
export type CategoryRef = z.infer<typeof categoryRefSchema>
export type SubCategoryRef = z.infer<typeof subCategoryRefSchema>
export type Sponsor = z.infer<typeof sponsorSchema>
export type TerminationCode = z.infer<typeof terminationCodeSchema>
export type Interaction = z.infer<typeof interactionSchema>
export type Ticket = z.infer<typeof ticketSchema>
export type Category = z.infer<typeof categorySchema>
export type SubCategory = z.infer<typeof subCategorySchema>
export type PageMeta = z.infer<typeof pageMetaSchema>
export interface Page<T> {
  data: T[]
  meta: PageMeta
}

/** Datetime format the API sends and accepts (server local time, no zone). */
export const API_DATETIME_RE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

/** Body of POST /ticket (subject and content required) and, all optional, of PUT /ticket/{id}. */
export const ticketWriteSchema = z.strictObject({
  subject: z.string().trim().min(1).max(255),
  content: z.string().trim().min(1).max(65_535),
  sponsor_id: id.nullable().optional(),
  handler_id: id.nullable().optional(),
  termination_code_id: id.nullable().optional(),
  due_at: z.string().max(19).regex(API_DATETIME_RE).nullable().optional(),
  priority: z.number().int().min(0).max(3).optional(),
  status: z.number().int().min(0).max(3).optional(),
  status_memo: z.string().max(5_000).nullable().optional(),
  sub_category_id: id.nullable().optional(),
  contact_id: id.nullable().optional(),
  /**
   * Not in the document's parameter table, but every ticket carries it: the only way to say "this
   * main category, no sub-category yet". Sent only with `sub_category_id: null`.
   */
  category_id: id.nullable().optional(),
})
export const ticketUpdateSchema = ticketWriteSchema.partial()
export type TicketCreateInput = z.infer<typeof ticketWriteSchema>
export type TicketUpdateInput = z.infer<typeof ticketUpdateSchema>
