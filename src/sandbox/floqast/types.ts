/** The raw FloQast shapes the sandbox serves (and its ground truth returns). */

export interface FloQastAuditItem {
  /** A 24-hex-digit ObjectId; its first 8 digits are the creation time in seconds, as MongoDB's are. */
  id: string;
  /** The request's path; sometimes with its query string. */
  uri: string;
  method: string;
  sourceIp: string;
  meta: {
    /** A string, e.g. "400". */
    status: string;
    service: string;
    queryParameters: Record<string, string>;
    /** Present on failures. */
    error?: string;
  };
  userApiKey: { id: string; name: string };
  /** ISO-8601 with milliseconds and `Z`. */
  createdAt: string;
}

export interface FloQastApiKey {
  id: string;
  name: string;
}

export interface FloQastPage {
  data: FloQastAuditItem[];
  links: {
    /** Root-relative, brackets unencoded, as in the seed. */
    self: string;
    /** Root-relative; null on the last page. */
    next: string | null;
  };
}
