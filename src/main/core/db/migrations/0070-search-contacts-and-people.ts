import { fillPeopleSearchKeys } from '../people-search'
import { rebuildSearchIndex } from '../search-index'
import type { Migration } from './migration'

/**
 * The queue search finds a ticket by its contact too (name with or without the space,
 * membership number, national id typed in full), and all searched text is normalised (NFKC,
 * lower case): the index gains the contact and ident columns and is rebuilt from the stored
 * JSON (see ../search-index.ts). Contacts and employees gain a normalised search key (see
 * ../people-search.ts), contacts an identity key for the exact match: the pickers scan the
 * contacts (a few thousand) with LIKE anyway, so neither has an index.
 */
export const searchContactsAndPeople: Migration = {
  version: 70,
  name: 'search-contacts-and-people',
  up(db) {
    rebuildSearchIndex(db)
    db.exec(`
      ALTER TABLE contacts ADD COLUMN search_key TEXT;
      ALTER TABLE contacts ADD COLUMN identity_key TEXT;
      ALTER TABLE employees ADD COLUMN search_key TEXT;
    `)
    fillPeopleSearchKeys(db)
  },
}
