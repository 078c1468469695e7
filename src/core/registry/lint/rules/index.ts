import type { Rule } from '../types.js';
import { chatStructure } from './chat-structure.js';
import { configSchema } from './config-schema.js';
import { duplicateField } from './duplicate-field.js';
import { fieldSyntax } from './field-syntax.js';
import { gatewayUrl } from './gateway-url.js';
import { idFormat } from './id-format.js';
import { memberKind } from './member-kind.js';
import { noBareMainSession } from './no-bare-main-session.js';
import { noLiteralSecret } from './no-literal-secret.js';
import { requiredFields } from './required-fields.js';
import { sectionStructure } from './section-structure.js';
import { sessionKey } from './session-key.js';
import { structuredEntry } from './structured-entry.js';
import { tokenReference } from './token-reference.js';
import { uniqueIds } from './unique-ids.js';
import { uniqueNames } from './unique-names.js';
import { unknownField } from './unknown-field.js';
import { wakeMode } from './wake-mode.js';

/** Every rule, in the order docs/lint-rules.md lists them. One file per rule beside this one. */
export const RULES: readonly Rule[] = [
  sectionStructure,
  fieldSyntax,
  requiredFields,
  duplicateField,
  idFormat,
  uniqueIds,
  uniqueNames,
  gatewayUrl,
  sessionKey,
  noBareMainSession,
  wakeMode,
  memberKind,
  unknownField,
  tokenReference,
  noLiteralSecret,
  chatStructure,
  structuredEntry,
  configSchema,
];
