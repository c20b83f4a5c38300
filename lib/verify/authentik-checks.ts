import { ApiRecord, AuthentikApi, getAuthentik, listAuthentik, MAX_PAGES, quoted, text } from "./api";
import { CheckResult, fail, HttpGet, pass, skip, warn } from "./checks";

/**
 * The checks of `verify` that read authentik's own API (with AUTHENTIK_TOKEN): who
 * can set a user's email address. authentik does not verify email addresses, and
 * Cloudflare's `allowEmails`/`allowEmailDomains` rules trust the email claim it sends,
 * so whoever can choose an address can pass those rules.
 */

export const EMAIL_CHANGE_CHECK = "authentik-email-change";
export const ENROLLMENT_CHECK = "authentik-enrollment";

/** Model names (`app_label.model`) authentik reports as `meta_model_name` of a stage. */
const PROMPT_STAGE_MODEL = "authentik_stages_prompt.promptstage";
const USER_WRITE_STAGE_MODEL = "authentik_stages_user_write.userwritestage";
const EMAIL_STAGE_APP = "authentik_stages_email.";

const SETTINGS_PERMISSION = "authentik_rbac.view_system_settings";
const FLOWS_PERMISSION = "authentik_flows.view_flow, authentik_flows.view_flowstagebinding and authentik_stages_prompt.view_prompt";

const EMAIL_RULES = "Cloudflare's allowEmails and allowEmailDomains rules trust the email address authentik sends";

/** Runs the authentik API checks, or reports them skipped with how to enable them. */
export async function runAuthentikChecks(get: HttpGet, authentikUrl: string, token: string | undefined): Promise<CheckResult[]> {
  if (token === undefined) {
    const detail =
      "AUTHENTIK_TOKEN is not set: set it to an authentik API token whose user may read system settings, flows and stages (an admin's token) to check who can change a user's email address";
    return [skip(EMAIL_CHANGE_CHECK, detail), skip(ENROLLMENT_CHECK, detail)];
  }
  const api: AuthentikApi = { authentikUrl, token };
  return [await checkEmailChange(get, api), await checkEnrollmentFlows(get, api)];
}

export async function checkEmailChange(get: HttpGet, api: AuthentikApi): Promise<CheckResult> {
  const settings = await getAuthentik(get, api, "/admin/settings/", SETTINGS_PERMISSION);
  if ("failure" in settings) {
    return fail(EMAIL_CHANGE_CHECK, settings.failure);
  }
  const changeEmail = settings.value.default_user_change_email;
  if (changeEmail === false) {
    return pass(EMAIL_CHANGE_CHECK, "default_user_change_email is false: users cannot change their own email address");
  }
  if (changeEmail === true) {
    return fail(EMAIL_CHANGE_CHECK, {
      detail: `default_user_change_email is true: every user can change their own email address, and ${EMAIL_RULES}, so a user can pass a rule meant for someone else`,
      fix: 'turn off "Allow users to change email" in authentik\'s System > Settings (default_user_change_email: false), or allow by group (allowGroups) instead of by email',
    });
  }
  return fail(EMAIL_CHANGE_CHECK, {
    detail: `${api.authentikUrl}/api/v3/admin/settings/ answered without a boolean default_user_change_email (got ${quoted(changeEmail)})`,
    fix: "check that --authentik-url is authentik's origin (authentik 2024.2 or later)",
  });
}

interface EnrollmentFlow {
  readonly slug: string;
  readonly name: string;
  readonly writesPromptedEmail: boolean;
  readonly hasEmailStage: boolean;
}

export async function checkEnrollmentFlows(get: HttpGet, api: AuthentikApi): Promise<CheckResult> {
  const flows = await listAuthentik(get, api, "/flows/instances/", { designation: "enrollment" }, FLOWS_PERMISSION);
  if ("failure" in flows) {
    return fail(ENROLLMENT_CHECK, flows.failure);
  }
  const enrollmentFlows = flows.value.items.filter((flow) => flow.designation === "enrollment" && typeof flow.pk === "string");
  if (enrollmentFlows.length === 0) {
    return pass(ENROLLMENT_CHECK, "no enrollment flow: nobody can sign up and choose an email address");
  }
  const emailPrompts = await listAuthentik(get, api, "/stages/prompt/prompts/", { field_key: "email" }, FLOWS_PERMISSION);
  if ("failure" in emailPrompts) {
    return fail(ENROLLMENT_CHECK, emailPrompts.failure);
  }
  const emailPromptIds = new Set(emailPrompts.value.items.filter((prompt) => prompt.field_key === "email").map((prompt) => prompt.pk));
  const promptStages = await listAuthentik(get, api, "/stages/prompt/stages/", {}, FLOWS_PERMISSION);
  if ("failure" in promptStages) {
    return fail(ENROLLMENT_CHECK, promptStages.failure);
  }
  const stagesWithEmailPrompt = new Set(
    promptStages.value.items
      .filter((stage) => Array.isArray(stage.fields) && stage.fields.some((field) => emailPromptIds.has(field)))
      .map((stage) => stage.pk),
  );
  const described: EnrollmentFlow[] = [];
  for (const flow of enrollmentFlows) {
    const bindings = await listAuthentik(get, api, "/flows/bindings/", { target: String(flow.pk) }, FLOWS_PERMISSION);
    if ("failure" in bindings) {
      return fail(ENROLLMENT_CHECK, bindings.failure);
    }
    described.push(describeFlow(flow, bindings.value.items, stagesWithEmailPrompt));
  }
  const truncated = [flows, emailPrompts, promptStages].some((list) => !list.value.complete);
  const unverified = described.filter((flow) => flow.writesPromptedEmail && !flow.hasEmailStage);
  if (unverified.length > 0) {
    return warn(ENROLLMENT_CHECK, {
      detail: `enrollment flow${unverified.length === 1 ? "" : "s"} ${unverified.map(describeFlowName).join(", ")} write${unverified.length === 1 ? "s" : ""} an email address typed into a prompt (field_key email) without an email stage to verify it: whoever enrolls chooses an address, and ${EMAIL_RULES}`,
      fix: "bind an email stage (verification link, activates the user on success) in each flow before the user login stage, or remove the email prompt, or allow by group (allowGroups) instead of by email",
    });
  }
  const verified = described.filter((flow) => flow.writesPromptedEmail);
  const summary =
    verified.length === 0
      ? `${described.length} enrollment flow${described.length === 1 ? "" : "s"} (${described.map(describeFlowName).join(", ")}), none writes an email address from a prompt`
      : `enrollment flows that write an email address from a prompt verify it with an email stage: ${verified.map(describeFlowName).join(", ")}`;
  if (truncated) {
    return warn(ENROLLMENT_CHECK, {
      detail: `${summary}, but only the first ${MAX_PAGES} pages of flows or prompts were read`,
      fix: "review the remaining enrollment flows in authentik's Flows and Stages > Flows",
    });
  }
  return pass(ENROLLMENT_CHECK, summary);
}

function describeFlow(flow: ApiRecord, bindings: readonly ApiRecord[], stagesWithEmailPrompt: ReadonlySet<unknown>): EnrollmentFlow {
  const stages = bindings.map((binding) => ({ id: binding.stage, model: stageModel(binding) }));
  const promptsForEmail = stages.some((stage) => stage.model === PROMPT_STAGE_MODEL && stagesWithEmailPrompt.has(stage.id));
  const writesUser = stages.some((stage) => stage.model === USER_WRITE_STAGE_MODEL);
  return {
    slug: text(flow, "slug") ?? String(flow.pk),
    name: text(flow, "name") ?? "",
    writesPromptedEmail: promptsForEmail && writesUser,
    hasEmailStage: stages.some((stage) => stage.model?.startsWith(EMAIL_STAGE_APP) === true),
  };
}

function stageModel(binding: ApiRecord): string | undefined {
  const stage = binding.stage_obj;
  return typeof stage === "object" && stage !== null && typeof (stage as ApiRecord).meta_model_name === "string"
    ? ((stage as ApiRecord).meta_model_name as string)
    : undefined;
}

function describeFlowName(flow: EnrollmentFlow): string {
  return flow.name === "" || flow.name === flow.slug ? quoted(flow.slug) : `${quoted(flow.slug)} (${quoted(flow.name)})`;
}
