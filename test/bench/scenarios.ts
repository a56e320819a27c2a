import { provinces } from '../../runtime/adminUnits.ts';

/** Records of the seeded database the scenarios pick from. */
export interface SampleData {
  /** Heads of households with three or more members. */
  heads: string[];
  /** One-stop shops with at least 50 dossiers. */
  agencies: string[];
  /** Living adults, to file dossiers. */
  adults: string[];
  /** National procedures offered online. */
  onlineProcedures: string[];
}

export interface Scenario {
  name: string;
  /** The request body of the n-th request (n = 0 is the probe). */
  body(data: SampleData, n: number, target: string): string;
}

const pickAt = <T>(items: T[], n: number): T => items[(n * 7919) % items.length] as T;
const searches = ['đăng ký', 'giấy phép', 'khai sinh', 'doanh nghiệp', null];
const run = Date.now();

function submitScenario(name: string, province: (n: number) => string): Scenario {
  return {
    name,
    body: (data, n, target) =>
      JSON.stringify({
        query: `mutation Submit($input: SubmitDossierInput!) { submitDossier(input: $input) { code status dueAt fee { amountDue } } }`,
        variables: {
          input: {
            procedureCode: pickAt(data.onlineProcedures, n),
            applicant: { personalId: pickAt(data.adults, n) },
            channel: 'ONLINE',
            provinceCode: province(n),
            // The first listed ward's service point, for the commune-level procedures among them (a
            // baseline from before wardCode existed would refuse the field: it files without one).
            ...(target === 'baseline' ? {} : { wardCode: `9${province(n)}01` }),
            idempotencyKey: `bench-${name}-${target}-${run}-${n}`,
          },
        },
      }),
  };
}
const provinceCodes = provinces.map((p) => p.code);

/** The scenarios of the benchmark: what LGSPs, agencies, the public portal and filers do most. */
export const scenarios: Scenario[] = [
  {
    name: 'citizen',
    body: (data, n) =>
      JSON.stringify({
        query: `query CitizenLookup($id: PersonalId!) { citizen(personalId: $id) { personalId fullName birthDate gender
          permanentAddress { full } household { members { relationshipToHead citizen { personalId fullName birthDate } } } } }`,
        variables: { id: pickAt(data.heads, n) },
      }),
  },
  {
    name: 'worklist',
    body: (data, n) =>
      JSON.stringify({
        query: `query Worklist($agency: String!) { dossiers(agencyCode: $agency, first: 50) { nodes { code status dueAt
          procedure { name } applicant { ... on Citizen { fullName } ... on Business { name } }
          evidence { source citizen { fullName } business { name } } } } }`,
        variables: { agency: pickAt(data.agencies, n) },
      }),
  },
  // The same worklist with the evidence the documents subgraph holds: the e-documents (their content, a
  // read of the holder's personal data that population grants and logs) and the scans.
  {
    name: 'worklist-documents',
    body: (data, n) =>
      JSON.stringify({
        query: `query WorklistDocuments($agency: String!) { dossiers(agencyCode: $agency, first: 50) { nodes { code status dueAt
          procedure { name } applicant { ... on Citizen { fullName } ... on Business { name } }
          evidence { source citizen { fullName } business { name } document { number status content } digitised { sha256 mediaType } } } } }`,
        variables: { agency: pickAt(data.agencies, n) },
      }),
  },
  {
    name: 'catalogue',
    body: (_data, n) =>
      JSON.stringify({
        query: `query Catalogue($search: String) { procedures(search: $search, first: 20) { totalCount nodes { code name
          processingDays fees { kind amount } online: feeQuote(provinceCode: "79", channel: ONLINE) { amountDue discountPercent }
          counter: feeQuote(provinceCode: "79", channel: IN_PERSON) { amountDue } } } }`,
        variables: { search: searches[n % searches.length] },
      }),
  },
  // Filing spread over every province's one-stop shop, and all of it at one (TP.HCM's): the two must run
  // at about the same rate, since no agency-wide lock is held across a submission.
  submitScenario('submit', (n) => pickAt(provinceCodes, n)),
  submitScenario('submit-one-agency', () => '79'),
];
