// A contract's sheet, as GET /api/v1/contracts/{id} answers it.
import type { Level, Section } from '../admin/model';
import type { Card } from '../home/model';

export interface Company {
  name: string;
  registrationNo: string;
  country: string;
  website: string;
  address: string;
}

export interface OwnRights {
  sections: { section: Section; level: Level }[];
  supported: boolean;
  referent: boolean;
  administrator: boolean;
}

/** Which parts beyond those every reader sees the person's rights show; other
 * areas' parts read their own routes. */
export interface SheetParts {
  weather: boolean;
  budget: boolean;
  subscriptions: boolean;
  documents: boolean;
}

export interface Sheet {
  contract: Card;
  company: Company;
  rights: OwnRights;
  show: SheetParts;
}
