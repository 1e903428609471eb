/** A transfer as the widget asks for it: exactly one destination. */
export type TransferRequest = (
  | { toAgent: string; toSkill?: never; toTags?: never }
  | { toSkill: string; toAgent?: never; toTags?: never }
  | { toTags: string[]; toAgent?: never; toSkill?: never }
) & {
  message?: string;
  priority?: number;
  disableBounceBack?: boolean;
  allowToBusyAgents?: boolean;
};
