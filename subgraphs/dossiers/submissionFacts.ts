import { gqlError } from '../../runtime/errors.ts';
import type { SupergraphClient } from '../kit/supergraphClient.ts';

export interface SubmissionFacts {
  procedure: {
    code: string;
    onlineService: 'NONE' | 'PARTIAL' | 'FULL';
    processingDays: number;
    requirements: Array<{ id: string; evidence: string }>;
    feeQuote: { amountDue: string; discountPercent: number };
  };
  citizen?: { personalId: string; deceased: boolean | null; household: { id: string } | null } | null;
  business?: {
    enterpriseCode: string;
    status: string;
    legalRepresentatives: Array<{ personalId: string }>;
  } | null;
}

/**
 * What a submission needs from other domains, asked live through the gateway with the dossiers
 * service's own token (never from another subgraph's tables): the procedure with its requirements and
 * today's fee quote, and the applicant's registry record.
 */
export async function fetchSubmissionFacts(
  supergraph: SupergraphClient | undefined,
  input: {
    procedureCode: string;
    provinceCode: string;
    channel: string;
    personalId?: string | null;
    enterpriseCode?: string | null;
  },
): Promise<SubmissionFacts> {
  if (!supergraph)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The dossiers service has no route to the supergraph');
  const applicant = input.personalId
    ? `citizen(personalId: $applicant) { personalId deceased household { id } }`
    : `business(enterpriseCode: $applicant) { enterpriseCode status legalRepresentatives { personalId } }`;
  const query = `query SubmissionFacts($code: String!, $province: String!, $channel: Channel!, $applicant: ${
    input.personalId ? 'PersonalId!' : 'EnterpriseCode!'
  }) {
    procedure(code: $code) {
      code onlineService processingDays requirements { id evidence }
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
    { 'x-purpose': `Tiếp nhận hồ sơ thủ tục ${input.procedureCode}` },
  );
  if (response.errors?.length || !response.data) {
    throw gqlError(
      'SUBGRAPH_UNAVAILABLE',
      'The procedure catalogue or the registry could not be consulted; nothing was written',
      {
        causes: (response.errors ?? []).map((e) => e.extensions?.code ?? e.message),
      },
    );
  }
  return response.data;
}
