// The one registration place for custom search attributes: their names and types. The embedded
// Temporal dev server registers exactly this list at start, production registers it once with
// `temporal operator search-attribute create`, and workflows import the typed keys from here.
// No personal data goes into search attributes: they are indexed in clear text. The kind of
// process is the built-in WorkflowType; Temporal allows at most 10 custom Keyword attributes.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const ProcessStatus = defineSearchAttributeKey('ProcessStatus', SearchAttributeType.KEYWORD);
export const Body = defineSearchAttributeKey('Body', SearchAttributeType.KEYWORD);
export const Talon = defineSearchAttributeKey('Talon', SearchAttributeType.KEYWORD);
export const KuiNumber = defineSearchAttributeKey('KuiNumber', SearchAttributeType.KEYWORD);
export const ErdrNumber = defineSearchAttributeKey('ErdrNumber', SearchAttributeType.KEYWORD);
export const Official = defineSearchAttributeKey('Official', SearchAttributeType.KEYWORD);
export const Prosecutor = defineSearchAttributeKey('Prosecutor', SearchAttributeType.KEYWORD);
export const Format = defineSearchAttributeKey('Format', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
/** A keyed hash of the owner's IIN (never the IIN itself), to list "my" processes. */
export const OwnerKey = defineSearchAttributeKey('OwnerKey', SearchAttributeType.KEYWORD);
export const NextDeadlineAt = defineSearchAttributeKey('NextDeadlineAt', SearchAttributeType.DATETIME);
export const Overdue = defineSearchAttributeKey('Overdue', SearchAttributeType.BOOL);

export const SEARCH_ATTRIBUTES = [
  ProcessStatus,
  Body,
  Talon,
  KuiNumber,
  ErdrNumber,
  Official,
  Prosecutor,
  Format,
  CaseStatus,
  OwnerKey,
  NextDeadlineAt,
  Overdue,
] as const;

/** Temporal CLI spelling of the types, e.g. `--search-attribute Overdue=Bool`. */
const cliType: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `--search-attribute Name=Type` for each key (default: all of the register's). */
export function searchAttributeCliArgs(keys: readonly { name: string; type: SearchAttributeType }[] = SEARCH_ATTRIBUTES): string[] {
  return keys.flatMap((k) => ['--search-attribute', `${k.name}=${cliType[k.type]}`]);
}

/** The same list in the shape `TestWorkflowEnvironment.createLocal({ server: { searchAttributes } })` takes. */
export const SEARCH_ATTRIBUTE_KEYS = [...SEARCH_ATTRIBUTES];
