/** The raw Uniphore shapes the sandbox serves (and its ground truth returns). */

export interface UniphoreDetails {
  /** Java `Map.toString()` text: `{live_calls=(Count: 32), next_page_token=, total_count=32}`. */
  output: string;
  /** Java `Map.toString()` text: `{request={pageSize=500}}`. */
  input: string;
  actionType: string;
  actionDescription: string;
}

export interface UniphoreAuditItem {
  tenantId: string;
  /** `MM-DD-YYYY HH:MM:SS`, UTC. */
  createdDate: string;
  updatedDate: string;
  source: null;
  version: null;
  /** An integer. */
  id: number;
  emailId: string | null;
  fullName: string | null;
  businessUnit: string | null;
  /** 0 when the user is not an agent. */
  agentId: number;
  activityType: string;
  /** Usually an object; a few items send it as an array of one object (the seed's table types it as an Array). */
  details: UniphoreDetails | UniphoreDetails[];
  result: boolean;
}

/** `GET /audit_log/`: a Spring Data page. */
export interface UniphorePage {
  content: UniphoreAuditItem[];
  pageable: {
    sort: { empty: boolean; sorted: boolean; unsorted: boolean };
    offset: number;
    pageNumber: number;
    pageSize: number;
    paged: boolean;
    unpaged: boolean;
  };
  last: boolean;
  totalPages: number;
  totalElements: number;
  size: number;
  number: number;
  sort: { empty: boolean; sorted: boolean; unsorted: boolean };
  first: boolean;
  numberOfElements: number;
  empty: boolean;
}
