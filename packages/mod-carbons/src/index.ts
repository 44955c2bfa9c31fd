// Public API of @parley/mod-carbons.
export {
  CARBON_COPY_EVENT,
  COPY_PRIORITY,
  type CarbonCopyEvent,
  carbonsEnabled,
  carbonsModule,
  FORGERY_PRIORITY,
} from "./carbons";
export { CarbonsNotAllowedError, ForgedCarbonError } from "./errors";
export { CARBONS_RULES, type CarbonDirection, eligible } from "./rules";
