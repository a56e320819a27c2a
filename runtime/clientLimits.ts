import { readFileSync } from 'node:fs';
import type { Caller } from './caller.ts';
import { isLegalBasis } from './legalBases.ts';

/** What one client may ask in a window. Every figure is per client (the token subject) unless it says otherwise. */
export interface Limits {
  /** Requests a minute: per token subject, and per IP address for callers without a token. */
  requestsPerMinute: number;
  /** Estimated cost a minute (gateway/operationCost.ts: a worklist of 100 with its lists costs hundreds, a lookup 1). */
  costPerMinute: number;
  /** Distinct citizens whose personal data the client reads a day (Vietnam's calendar day): the bulk-scraping guard. */
  citizensPerDay: number;
  /** trackDossier lookups a minute per IP address: receipt codes are guessable, so guessing must be slow. */
  trackDossierPerMinute: number;
}

export type LimitProfile = 'anonymous' | 'citizen' | 'client';

/** The defaults: generous for a portal serving people, tight for one caller pretending to be many. */
export const defaultLimits: Record<LimitProfile, Limits> = {
  anonymous: { requestsPerMinute: 1200, costPerMinute: 20_000, citizensPerDay: 0, trackDossierPerMinute: 30 },
  citizen: { requestsPerMinute: 600, costPerMinute: 20_000, citizensPerDay: 50, trackDossierPerMinute: 60 },
  client: {
    requestsPerMinute: 6000,
    costPerMinute: 200_000,
    citizensPerDay: 20_000,
    trackDossierPerMinute: 600,
  },
};

/** The limits file (CLIENT_LIMITS_FILE): defaults per profile, then per client subject and per IP address. */
export interface ClientLimitsFile {
  defaults?: Partial<Record<LimitProfile, Partial<Limits>>>;
  /**
   * By token subject (`sub`): a provincial LGSP with more traffic, a client cut back; and for a client
   * without a case (no agency), the legal bases it may invoke (X-Legal-Basis, reference/legal-bases.json).
   */
  clients?: Record<string, Partial<Limits> & { legalBases?: string[] }>;
  /** By IP address, for callers without a token (a portal's server, a test rig). */
  addresses?: Record<string, Partial<Limits>>;
}

export interface ClientLimits {
  /** The limits that apply to this caller from this address. */
  of(caller: Pick<Caller, 'role' | 'subject'>, address: string): Limits;
  /** The legal bases the client is registered for (none unless the file names them). */
  legalBasesOf(subject: string): readonly string[];
}

const names = Object.keys(defaultLimits.client) as Array<keyof Limits>;

function checked(where: string, value: unknown): Partial<Limits> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`client limits ${where}: must be an object`);
  for (const [name, figure] of Object.entries(value)) {
    if (!names.includes(name as keyof Limits))
      throw new Error(`client limits ${where}: unknown limit '${name}' (known: ${names.join(', ')})`);
    if (!Number.isInteger(figure) || (figure as number) < 0)
      throw new Error(`client limits ${where}.${name}: must be a whole number ≥ 0`);
  }
  return value as Partial<Limits>;
}

/** The limits from a parsed file (validated: a typo in a limit's name stops the process). */
export function clientLimits(file: ClientLimitsFile = {}): ClientLimits {
  const defaults = {} as Record<LimitProfile, Limits>;
  for (const profile of Object.keys(defaultLimits) as LimitProfile[])
    defaults[profile] = {
      ...defaultLimits[profile],
      ...checked(`defaults.${profile}`, file.defaults?.[profile] ?? {}),
    };
  for (const profile of Object.keys(file.defaults ?? {}))
    if (!(profile in defaultLimits))
      throw new Error(
        `client limits defaults.${profile}: profiles are ${Object.keys(defaultLimits).join(', ')}`,
      );
  const bases = new Map<string, readonly string[]>();
  const clients = new Map(
    Object.entries(file.clients ?? {}).map(([subject, entry]) => {
      const { legalBases: registered, ...limits } = entry ?? {};
      if (registered !== undefined) {
        if (
          !Array.isArray(registered) ||
          registered.some((code) => typeof code !== 'string' || !isLegalBasis(code))
        )
          throw new Error(
            `client limits clients.${subject}.legalBases: must list codes of reference/legal-bases.json`,
          );
        bases.set(subject, registered);
      }
      return [subject, checked(`clients.${subject}`, limits)];
    }),
  );
  const addresses = new Map(
    Object.entries(file.addresses ?? {}).map(([ip, l]) => [ip, checked(`addresses.${ip}`, l)]),
  );
  return {
    of(caller, address) {
      const base = defaults[caller.role === 'anonymous' ? 'anonymous' : caller.role];
      const own = caller.subject ? clients.get(caller.subject) : addresses.get(address);
      return own ? { ...base, ...own } : base;
    },
    legalBasesOf: (subject) => bases.get(subject) ?? [],
  };
}

/** Reads CLIENT_LIMITS_FILE (JSON), or the defaults when there is none. */
export function readClientLimits(path: string | undefined): ClientLimits {
  if (!path) return clientLimits();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`client limits ${path}: ${(error as Error).message}`, { cause: error });
  }
  return clientLimits(parsed as ClientLimitsFile);
}
