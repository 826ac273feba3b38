/** Every migration, oldest first. A new one gets the next number (0100-...) and goes last. */
import { createTickets } from './0010-create-tickets'
import { createPeople } from './0020-create-people'
import { createLookups } from './0030-create-lookups'
import { createSyncState } from './0040-create-sync-state'
import { createTicketSearch } from './0050-create-ticket-search'
import { searchWordsAndHandlerIndex } from './0060-search-words-and-handler-index'
import { searchContactsAndPeople } from './0070-search-contacts-and-people'
import { packedTicketJson } from './0080-packed-ticket-json'
import { overviewTallies } from './0090-overview-tallies'
import type { Migration } from './migration'

export const MIGRATIONS: readonly Migration[] = [
  createTickets,
  createPeople,
  createLookups,
  createSyncState,
  createTicketSearch,
  searchWordsAndHandlerIndex,
  searchContactsAndPeople,
  packedTicketJson,
  overviewTallies,
]

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0
