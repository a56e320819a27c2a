import { badInput, gqlError, type ErrorCode } from '../../runtime/errors.ts';
import type { OnBehalfOf, SupergraphClient } from '../kit/supergraphClient.ts';

export interface SubmissionFacts {
  procedure: {
    code: string;
    level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE';
    agency: { code: string };
    onlineService: 'NONE' | 'PARTIAL' | 'FULL';
    processingDays: number;
    requirements: Array<{ id: string; name: string; evidence: string; acceptedDocumentTypes: string[] }>;
    feeQuote: { amountDue: string; discountPercent: number };
  };
  citizen?: {
    personalId: string;
    deceased: boolean | null;
    household: { id: string } | null;
    documents?: HeldDocument[] | null;
    digitisedComponents?: HeldScan[] | null;
  } | null;
  business?: {
    enterpriseCode: string;
    status: string;
    legalRepresentatives: Array<{ personalId: string }>;
    documents?: HeldDocument[] | null;
    digitisedComponents?: HeldScan[] | null;
  } | null;
}

/** A scan of the applicant's paper, from an earlier dossier (newest first). */
export interface HeldScan {
  id: string;
  requirementName: string;
}

/** An e-document the applicant holds, as the documents subgraph lists it (newest first). */
export interface HeldDocument {
  id: string;
  type: { code: string };
  status: 'VALID' | 'REVOKED' | 'EXPIRED';
}

/** What the client's token must hold to file for each kind of applicant: the registry reads it makes. */
const readScopes = { citizen: 'citizen:basic', business: 'business:read' } as const;

/**
 * What a submission needs from other domains, asked live through the gateway on behalf of the client
 * that submits, with its own token (never from another subgraph's tables, never as a service): the
 * procedure with its requirements and today's fee quote, and the applicant's registry record. The
 * client thus learns nothing through a submission that it could not read with a query, and the
 * population register logs the reads under the client, its purpose and its request id.
 *
 * A client that may not read the applicant gets FORBIDDEN naming the scope, whether or not the
 * applicant exists. One that may read the citizen but not their household (citizen:full) files with
 * paper for the residence requirements.
 */
export async function fetchSubmissionFacts(
  supergraph: SupergraphClient | undefined,
  onBehalfOf: OnBehalfOf,
  input: {
    procedureCode: string;
    provinceCode: string;
    channel: string;
    personalId?: string | null;
    enterpriseCode?: string | null;
    /** Whether to list the applicant's e-documents and scans (see fetchProcedureLevel's usesStore). */
    readDocuments: boolean;
  },
): Promise<SubmissionFacts> {
  if (!supergraph)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The dossiers service has no route to the supergraph');
  // Which documents the applicant holds is a personal read of its own (logged as "documents"): made only
  // for a procedure with a requirement that an e-document meets.
  const documents = input.readDocuments
    ? 'documents { id type { code } status } digitisedComponents { id requirementName }'
    : '';
  const applicant = input.personalId
    ? `citizen(personalId: $applicant) { personalId deceased household { id } ${documents} }`
    : `business(enterpriseCode: $applicant) { enterpriseCode status legalRepresentatives { personalId } ${documents} }`;
  const query = `query SubmissionFacts($code: String!, $province: String!, $channel: Channel!, $applicant: ${
    input.personalId ? 'PersonalId!' : 'EnterpriseCode!'
  }) {
    procedure(code: $code) {
      code level agency { code } onlineService processingDays requirements { id name evidence acceptedDocumentTypes }
      feeQuote(provinceCode: $province, channel: $channel) { amountDue discountPercent }
    }
    ${applicant}
  }`;
  const response = await supergraph.query<SubmissionFacts>(
    query,
    {
      code: input.procedureCode,
      province: input.provinceCode,
      channel: input.channel,
      applicant: input.personalId ?? input.enterpriseCode,
    },
    onBehalfOf,
  );
  const code = (e: { extensions?: Record<string, unknown> }) => e.extensions?.code;
  // A client that may not read the household, or the documents, files with paper for what they would
  // have met: the same answer whether or not the applicant has any.
  const optional = new Set([
    'citizen.household',
    'citizen.documents',
    'citizen.digitisedComponents',
    'business.documents',
    'business.digitisedComponents',
  ]);
  const errors = (response.errors ?? []).filter(
    (e) => !(code(e) === 'FORBIDDEN' && optional.has(e.path?.join('.') ?? '')),
  );
  if (errors.some((e) => code(e) === 'FORBIDDEN' || code(e) === 'UNAUTHENTICATED')) {
    const scope = input.personalId ? readScopes.citizen : readScopes.business;
    throw gqlError(
      'FORBIDDEN',
      `Filing for ${input.personalId ? 'a citizen' : 'an enterprise'} reads the applicant's registry record as you: your token needs ${scope}`,
      { requiredScopes: [[scope]] },
    );
  }
  // The catalogue refuses an online quote for a procedure not offered online: so is the submission.
  const notOnline = errors.find((e) => e.extensions?.reason === 'NOT_OFFERED_ONLINE');
  if (notOnline)
    throw badInput(
      `Procedure ${input.procedureCode} is not offered online: file it in person or by post`,
      'channel',
      { reason: 'NOT_OFFERED_ONLINE' },
    );
  // A registry that answered but whose own database, or access log, could not be reached says so: the
  // client sees that code, as for a read of its own.
  const passed = errors.find((e) => code(e) === 'DATABASE_UNAVAILABLE' || code(e) === 'AUDIT_UNAVAILABLE');
  if (passed) throw gqlError(passed.extensions?.code as ErrorCode, `${passed.message}; nothing was written`);
  if (errors.length || !response.data) {
    throw gqlError(
      'SUBGRAPH_UNAVAILABLE',
      'The procedure catalogue or the registry could not be consulted; nothing was written',
      {
        causes: errors.map((e) => code(e) ?? e.message),
      },
    );
  }
  return response.data;
}

/**
 * A procedure's code, level and whether e-documents meet any of its requirements, from the catalogue alone (public: no one's record is read), or null
 * when the catalogue has no such procedure (the full read then says NOT_FOUND).
 */
export async function fetchProcedureLevel(
  supergraph: SupergraphClient | undefined,
  onBehalfOf: OnBehalfOf,
  procedureCode: string,
): Promise<{
  procedureCode: string;
  level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE';
  /** The agency the catalogue names for the procedure (a central one receives its own dossiers). */
  agencyCode: string;
  /**
   * Whether a requirement of it can be met from the applicant's store: an e-document of an accepted
   * type, or the scan of an earlier dossier's paper (so the applicant's store is read, and logged).
   */
  usesStore: boolean;
} | null> {
  if (!supergraph)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The dossiers service has no route to the supergraph');
  const response = await supergraph.query<{
    procedure: {
      code: string;
      level: 'CENTRAL' | 'PROVINCE' | 'COMMUNE';
      agency: { code: string };
      requirements: Array<{ evidence: string; acceptedDocumentTypes: string[] }>;
    } | null;
  }>(
    `query SubmissionPlace($code: String!) { procedure(code: $code) { code level agency { code } requirements { evidence acceptedDocumentTypes } } }`,
    { code: procedureCode },
    onBehalfOf,
  );
  if (response.errors?.length || !response.data)
    throw gqlError(
      'SUBGRAPH_UNAVAILABLE',
      'The procedure catalogue could not be consulted; nothing was written',
      {
        causes: (response.errors ?? []).map((e) => e.extensions?.code ?? e.message),
      },
    );
  const procedure = response.data.procedure;
  return (
    procedure && {
      procedureCode: procedure.code,
      level: procedure.level,
      agencyCode: procedure.agency.code,
      usesStore: procedure.requirements.some(
        (r) => r.acceptedDocumentTypes.length > 0 || r.evidence === 'PAPER',
      ),
    }
  );
}
