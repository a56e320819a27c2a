import { dossierStatuses, type dossierEvents, type DossierStatus } from '../drizzle/dossiers.ts';
import { dossierCodeOf } from '../runtime/dossierCode.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { lifecyclePath } from '../subgraphs/dossiers/lifecycle.ts';
import { filingPlaceOf } from '../subgraphs/dossiers/filingPlace.ts';
import { dueDateOf } from '../subgraphs/dossiers/workingDays.ts';
import { policyInForce, quoteFee } from '../subgraphs/procedures/quoteFee.ts';
import { Interner } from './compactColumns.ts';
import * as ref from './referenceData.ts';
import type { WorldRandom } from './worldRandom.ts';
import { dayMs, referenceInstant, type WorldSize } from './worldSize.ts';
import type { SeedRow } from './seedRow.ts';
import type { BusinessFacts, PopulationFacts, ProcedureFacts } from './worldFacts.ts';
import { documentTypesAccepting } from '../runtime/documentTypes.ts';
import { resultDocumentOf, uuidFromDigest, type DocumentSigner } from './resultDocuments.ts';
import { sampleScans } from './sampleScans.ts';
import { createHash } from 'node:crypto';

/**
 * Dossiers that follow the lifecycle, with histories, evidence, fees after discounts and ratings, filed by
 * the generated citizens and businesses for the generated procedures; then each agency's day sequence.
 * A finished dossier of a procedure that issues an e-document issues it (signed by its agency), and a
 * later dossier of the same applicant meets a requirement that accepts that type with it.
 */
export function* dossierRows(
  size: WorldSize,
  random: WorldRandom,
  facts: PopulationFacts & BusinessFacts & ProcedureFacts,
  signer: DocumentSigner,
): Generator<SeedRow> {
  const { faker, int, chance, pick, chooser } = random;
  const {
    adultIds,
    adultProvinces,
    adultWards,
    activeCodes,
    activeProvinces,
    activeWards,
    representativeOf,
    representedBy,
    procedureList,
    policiesOf,
  } = facts;
  if (size.dossiers === 0) return;
  // The distinct scans digitised components point at, each stored once.
  for (const scan of sampleScans)
    yield [
      'documents',
      'blobs',
      {
        sha256: scan.sha256,
        mediaType: scan.mediaType,
        sizeBytes: scan.bytes.length,
        storedAt: referenceInstant,
      },
    ];
  const onlineProcedures = procedureList.filter((p) => p.onlineService !== 'NONE');
  const citizenProcedures = procedureList.filter((p) => !p.template.forBusiness);
  const channels = ['ONLINE', 'IN_PERSON', 'POSTAL'] as const;
  const laterStatus = chooser<DossierStatus>([
    ['SUBMITTED', 4],
    ['RECEIVED', 6],
    ['NOT_ACCEPTED', 3],
    ['IN_PROGRESS', 14],
    ['SUPPLEMENT_REQUESTED', 5],
    ['PAYMENT_REQUIRED', 3],
    ['WITHDRAWN', 2],
    ['STOPPED', 2],
    ['COMPLETED', 16],
    ['RESULT_RETURNED', 45],
  ]);
  const laterChannel = chooser<(typeof channels)[number]>([
    ['ONLINE', 65],
    ['IN_PERSON', 30],
    ['POSTAL', 5],
  ]);
  const score = chooser([
    [5, 50],
    [4, 30],
    [3, 12],
    [2, 5],
    [1, 3],
  ]);
  const frequentCount = Math.max(1, Math.floor(adultIds.length / 10));
  /** Applicants by province (indices into adultIds and activeCodes): a province's own procedure is filed there. */
  const byProvince = (provincesOf: string[]) => {
    const map = new Map<string, number[]>();
    provincesOf.forEach((code, i) => {
      const list = map.get(code);
      if (list) list.push(i);
      else map.set(code, [i]);
    });
    return map;
  };
  const adultsIn: Map<string, ArrayLike<number>> = adultProvinces.rowsByCode();
  const businessesIn = byProvince(activeProvinces);
  // Numbers for strings, so that what is kept per dossier and per applicant stays small at ten million
  // dossiers: an agency-day is agency × 4096 + day, a dossier code (agency, day, sequence) one float.
  const agencies = new Interner();
  const days = new Interner();
  /** The last sequence number of each agency-day (agency × 4096 + day). */
  const sequenceOf = new Map<number, number>();
  const packCode = (agency: number, dayIndex: number, seq: number) =>
    (agency * 4096 + dayIndex) * 2 ** 20 + seq;
  const unpackCode = (packed: number) => {
    const seq = packed % 2 ** 20;
    const agencyDay = (packed - seq) / 2 ** 20;
    return dossierCodeOf(agencies.at(Math.floor(agencyDay / 4096)), days.at(agencyDay % 4096), seq);
  };
  /**
   * The latest finished dossier of each applicant (its packed code; 0: none), by index into adultIds
   * and activeCodes: the earlier result a later dossier may cite.
   */
  const lastFinishedOfAdult = new Float64Array(adultIds.length);
  /**
   * Who holds a document of each type (`CITIZEN|<type>`: indices into adultIds; `BUSINESS|<type>`: into
   * activeCodes): a procedure that accepts the type is mostly filed by one of them, as a marriage is by
   * someone who got the certificate of their marital status first.
   */
  const holdersOfType = new Map<string, number[]>();
  const acceptedTypesOf = new Map<string, string[]>();
  const acceptedByName = new Map<string, string[]>();
  const acceptedTypesOfRequirement = (name: string) => {
    let types = acceptedByName.get(name);
    if (!types) acceptedByName.set(name, (types = documentTypesAccepting(name)));
    return types;
  };
  const acceptedTypes = (p: (typeof procedureList)[number]) => {
    let types = acceptedTypesOf.get(p.code);
    if (!types)
      acceptedTypesOf.set(
        p.code,
        (types = [...new Set(p.requirements.flatMap((r) => documentTypesAccepting(r.name)))]),
      );
    return types;
  };
  const holderAmong = (kind: 'CITIZEN' | 'BUSINESS', p: (typeof procedureList)[number]) => {
    // One pick over the pools as if they were one list, without copying them (they hold up to a few
    // hundred thousand holders at national scale).
    const pools = acceptedTypes(p).map((type) => holdersOfType.get(`${kind}|${type}`) ?? []);
    const total = pools.reduce((sum, pool) => sum + pool.length, 0);
    if (total === 0 || !chance(0.7)) return undefined;
    let at = int(0, total - 1);
    for (const pool of pools) {
      if (at < pool.length) return pool[at];
      at -= pool.length;
    }
    return undefined;
  };
  /** The newest e-document of each holder and type (`<holder>|<type>`): its id, issue day and last valid day. */
  const heldDocuments = new Map<
    string,
    { id: string; issuedOn: string; validUntil: string | null; revoked: boolean }
  >();
  const lastFinishedOfBusiness = new Float64Array(activeCodes.length);

  // Oldest first, so that a prior result can only come from an earlier dossier.
  const receivedTimes = new Float64Array(size.dossiers);
  for (let i = 0; i < size.dossiers; i += 1) {
    const local = vietnamDate(new Date(referenceInstant.getTime() - int(0, 480) * dayMs));
    receivedTimes[i] = Date.parse(
      `${local}T${String(int(7, 16)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:00+07:00`,
    );
  }
  receivedTimes.sort();

  for (let i = 0; i < size.dossiers; i += 1) {
    // The first ten dossiers take each status once, so every status exists in any data set.
    const status: DossierStatus =
      i < dossierStatuses.length ? (dossierStatuses[i] as DossierStatus) : laterStatus();
    // Only online dossiers start SUBMITTED (and so can be refused at intake), and only procedures
    // offered online can be filed online. Businesses file only when there are active ones.
    const mustBeOnline = status === 'SUBMITTED' || status === 'NOT_ACCEPTED';
    const candidates = mustBeOnline
      ? onlineProcedures
      : activeCodes.length
        ? procedureList
        : citizenProcedures;
    // A province's copy is filed only in that province: with no applicant there, a national procedure.
    let procedure = pick(candidates.length ? candidates : procedureList);
    const wantBusiness = procedure.template.forBusiness && activeCodes.length > 0;
    const localApplicants = (province: string) =>
      (wantBusiness ? businessesIn : adultsIn).get(province) ?? [];
    if (procedure.provinceCode && localApplicants(procedure.provinceCode).length === 0)
      procedure = pick(
        (candidates.length ? candidates : procedureList).filter((p) => p.provinceCode === null),
      );
    const template = procedure.template;
    const channel =
      mustBeOnline && procedure.onlineService !== 'NONE'
        ? 'ONLINE'
        : procedure.onlineService === 'NONE'
          ? 'IN_PERSON'
          : i < 13
            ? (channels[i % 3] as (typeof channels)[number])
            : laterChannel();
    const effectiveStatus: DossierStatus = channel !== 'ONLINE' && mustBeOnline ? 'RECEIVED' : status;
    let applicantPersonalId: string | null = null;
    let applicantEnterpriseCode: string | null = null;
    /** The applicant's row in lastFinishedOfAdult or lastFinishedOfBusiness. */
    let lastFinished: { of: Float64Array; at: number };
    let provinceCode: string;
    let wardCode: string;
    if (template.forBusiness && activeCodes.length) {
      const b = procedure.provinceCode
        ? pick(localApplicants(procedure.provinceCode))
        : (holderAmong('BUSINESS', procedure) ?? int(0, activeCodes.length - 1));
      applicantEnterpriseCode = activeCodes[b] as string;
      lastFinished = { of: lastFinishedOfBusiness, at: b };
      provinceCode = activeProvinces[b] as string;
      wardCode = activeWards[b] as string;
    } else {
      const a = procedure.provinceCode
        ? pick(localApplicants(procedure.provinceCode))
        : (holderAmong('CITIZEN', procedure) ??
          (chance(0.3) ? int(0, frequentCount - 1) : int(0, adultIds.length - 1)));
      applicantPersonalId = adultIds.at(a);
      lastFinished = { of: lastFinishedOfAdult, at: a };
      provinceCode = adultProvinces.at(a);
      wardCode = adultWards.at(a);
    }
    const place = filingPlaceOf({
      procedureCode: procedure.code,
      level: template.level,
      procedureAgency: procedure.agencyCode,
      provinceCode,
      wardCode,
    });
    if (!('agencyCode' in place))
      throw new Error(`generated a dossier filed where it may not be: ${place.message}`);
    const agencyCode = place.agencyCode;
    const receivedAt = new Date(receivedTimes[i] as number);
    const day = vietnamDate(receivedAt);
    const agency = agencies.index(agencyCode);
    const dayIndex = days.index(day.slice(2).replace(/-/g, ''));
    if (dayIndex >= 4096) throw new Error('the seed spreads dossiers over at most 4,096 days');
    const dayKey = agency * 4096 + dayIndex;
    const seq = (sequenceOf.get(dayKey) ?? 0) + 1;
    sequenceOf.set(dayKey, seq);
    const code = dossierCodeOf(agencyCode, days.at(dayIndex), seq);
    const dueAt = dueDateOf(receivedAt, procedure.processingDays);

    const path = lifecyclePath(
      channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED',
      effectiveStatus,
    ) as DossierStatus[];
    const late = chance(0.2);
    const stepMs = Math.max(
      3600_000,
      ((dueAt.getTime() - receivedAt.getTime()) * (late ? 1.4 : 0.8)) / Math.max(1, path.length - 1),
    );
    let at = receivedAt;
    let completedAt: Date | null = null;
    const events: Array<typeof dossierEvents.$inferInsert> = [];
    for (const [step, to] of path.entries()) {
      if (step > 0) at = new Date(at.getTime() + stepMs * faker.number.float({ min: 0.6, max: 1 }));
      if (at > referenceInstant) at = referenceInstant;
      if (to === 'COMPLETED') completedAt = at;
      events.push({
        dossierCode: code,
        at,
        fromStatus: step === 0 ? null : (path[step - 1] as DossierStatus),
        toStatus: to,
        actor: step === 0 && channel === 'ONLINE' ? 'applicant' : `officer:${agencyCode}`,
        note:
          to === 'NOT_ACCEPTED'
            ? 'Hồ sơ không thuộc thẩm quyền giải quyết'
            : to === 'SUPPLEMENT_REQUESTED'
              ? 'Đề nghị bổ sung giấy tờ'
              : null,
      });
    }

    const policy = policyInForce(policiesOf.get(provinceCode) ?? [], channel, day);
    const quote = quoteFee(procedure.fees, policy, channel, day);
    const processed = path.includes('IN_PROGRESS');
    // Received by the one-stop shop (not only filed online, nor refused at intake): its paper is in hand.
    const received = path.includes('RECEIVED');
    const paid = quote.amountDue === '0' || processed;
    const finished = effectiveStatus === 'COMPLETED' || effectiveStatus === 'RESULT_RETURNED';
    const rated = finished && chance(0.6);
    const finishedAt = completedAt as Date | null;
    // The case index of the population registry: the dossier's person (the applicant, or a business
    // applicant's representative, who stands in its evidence).
    const party =
      applicantPersonalId ?? (applicantEnterpriseCode ? representativeOf.get(applicantEnterpriseCode) : null);
    if (party)
      yield [
        'population',
        'caseParties',
        {
          personalId: party,
          dossierCode: code,
          agencyCode,
          relation: applicantPersonalId ? 'APPLICANT' : 'PARTY',
        },
      ];
    yield [
      'dossiers',
      'dossiers',
      {
        code,
        procedureCode: procedure.code,
        applicantPersonalId,
        applicantEnterpriseCode,
        agencyCode,
        provinceCode,
        channel,
        fullyOnline: channel === 'ONLINE' && procedure.onlineService === 'FULL',
        status: effectiveStatus,
        version: path.length,
        receivedAt,
        dueAt,
        completedAt: finishedAt,
        feeAmountDue: quote.amountDue,
        feeDiscountPercent: quote.discountPercent,
        feePaid: paid,
        feePaidAt: paid && quote.amountDue !== '0' ? new Date(receivedAt.getTime() + 2 * 3600_000) : null,
        submittedBy: null,
        clockStoppedAt: null,
        ratingScore: rated ? score() : null,
        ratingComment:
          rated && chance(0.3)
            ? pick([
                'Cán bộ hướng dẫn nhiệt tình',
                'Giải quyết nhanh',
                'Thời gian chờ lâu',
                'Thủ tục rõ ràng',
              ])
            : null,
        ratedAt: rated && finishedAt ? new Date(finishedAt.getTime() + dayMs) : null,
      },
    ];
    for (const event of events) yield ['dossiers', 'dossierEvents', event];
    const holderId = (applicantPersonalId ?? applicantEnterpriseCode) as string;
    const document =
      finished && finishedAt
        ? resultDocumentOf(signer, {
            code,
            procedureCode: procedure.code,
            procedureName: template.name,
            agencyCode,
            provinceCode,
            holderKind: applicantPersonalId ? 'CITIZEN' : 'BUSINESS',
            holderId,
            completedAt: finishedAt,
          })
        : null;
    if (document) {
      // One in fifty revoked by its issuer (from its id, not the random stream, which stays as it was).
      const revoked = parseInt(document.id.slice(0, 2), 16) < 6;
      if (revoked) {
        document.revokedAt = new Date((finishedAt as Date).getTime() + 7 * dayMs);
        document.revokedReason = 'Cấp sai thông tin, đã cấp lại';
      }
      yield ['documents', 'documents', document];
      const pool = `${document.holderKind}|${document.typeCode}`;
      const holders = holdersOfType.get(pool);
      if (holders) holders.push(lastFinished.at);
      else holdersOfType.set(pool, [lastFinished.at]);
      heldDocuments.set(`${holderId}|${document.typeCode}`, {
        id: document.id,
        issuedOn: document.issuedOn,
        validUntil: document.validUntil ?? null,
        revoked,
      });
    }

    for (const requirement of procedure.requirements) {
      let source: ref.Evidence | 'E_DOCUMENT' | 'DIGITISED' = requirement.evidence;
      let citizenId: string | null = null;
      let enterpriseCode: string | null = null;
      let priorDossierCode: string | null = null;
      let documentId: string | null = null;
      let paperReason: 'DOCUMENT_REVOKED' | 'DOCUMENT_EXPIRED' | null = null;
      // A requirement an e-document meets: the applicant's, of an accepted type, issued before this
      // dossier came in; else paper (saying why, when the one held is revoked or expired).
      const acceptedTypes = acceptedTypesOfRequirement(requirement.name);
      const held = acceptedTypes
        .map((type) => heldDocuments.get(`${holderId}|${type}`))
        .find((d) => d && d.issuedOn < day);
      if (acceptedTypes.length > 0) {
        source = 'PAPER';
        if (held && !held.revoked && (held.validUntil === null || held.validUntil >= day)) {
          source = 'E_DOCUMENT';
          documentId = held.id;
        } else if (held) paperReason = held.revoked ? 'DOCUMENT_REVOKED' : 'DOCUMENT_EXPIRED';
      } else if (source === 'CITIZEN_REGISTRY' || source === 'HOUSEHOLD_REGISTRY') {
        citizenId =
          applicantPersonalId ??
          (applicantEnterpriseCode ? (representativeOf.get(applicantEnterpriseCode) ?? null) : null);
      } else if (source === 'BUSINESS_REGISTRY') {
        enterpriseCode =
          applicantEnterpriseCode ??
          (applicantPersonalId ? (representedBy.get(applicantPersonalId) ?? null) : null);
      } else if (source === 'FORM') {
        // The e-form of an online filing; the paper form at the counter or by post.
        if (channel !== 'ONLINE') source = 'PAPER';
      } else if (source === 'PRIOR_RESULT') {
        const prior = lastFinished.of[lastFinished.at] as number;
        priorDossierCode = prior ? unpackCode(prior) : null;
      }
      if (!citizenId && !enterpriseCode && !priorDossierCode && !documentId && source !== 'FORM')
        source = 'PAPER';
      // Four in five pieces of paper of a dossier the one-stop shop received are scanned at reception
      // (decided from the dossier and requirement, so that the random stream, and the world, stay as they were).
      let componentId: string | null = null;
      if (source === 'PAPER' && received) {
        const draw = createHash('sha256').update(`component:${code}|${requirement.id}`).digest();
        if ((draw[0] as number) < 205) {
          const scan = sampleScans[(draw[1] as number) % sampleScans.length] as (typeof sampleScans)[number];
          componentId = uuidFromDigest(draw);
          source = 'DIGITISED';
          paperReason = null;
          yield [
            'documents',
            'components',
            {
              id: componentId,
              sha256: scan.sha256,
              mediaType: scan.mediaType,
              holderKind: applicantPersonalId ? 'CITIZEN' : 'BUSINESS',
              holderId,
              dossierCode: code,
              requirementId: requirement.id,
              requirementName: requirement.name,
              uploadedBy: `officer:${agencyCode}`,
              uploadedAt: receivedAt,
              sizeBytes: scan.bytes.length,
            },
          ];
        }
      }
      yield [
        'dossiers',
        'dossierEvidence',
        {
          dossierCode: code,
          requirementId: requirement.id,
          source,
          citizenId,
          enterpriseCode,
          priorDossierCode,
          documentId,
          componentId,
          paperReason,
        },
      ];
    }
    if (finished) lastFinished.of[lastFinished.at] = packCode(agency, dayIndex, seq);
  }

  // Later submissions continue each agency's daily numbering after the seeded dossiers.
  for (const [key, last] of sequenceOf) {
    const agencyCode = agencies.at(Math.floor(key / 4096));
    yield ['dossiers', 'dossierSequences', { agencyCode, day: days.at(key % 4096), last }];
  }
}
