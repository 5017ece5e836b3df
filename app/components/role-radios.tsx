import { forwardRef, type ComponentPropsWithoutRef } from "react";
import { ROLE_LABELS, ROLES, type Role } from "~/auth/permissions";

const ROLE_HINTS: Record<Role, string> = {
  admin: "Manages users, settings, the questionnaire library and reads the audit log.",
  procurement: "Keeps vendors and contacts, sends and chases assessments.",
  risk_officer: "Reviews answers, manages findings and risk acceptances, compares vendors.",
};

type Props = { error?: string; legend?: string; defaultRole?: Role } & Omit<
  ComponentPropsWithoutRef<"input">,
  "type"
>;

/** The role choice as a fieldset of radios with a hint per role. */
export const RoleRadios = forwardRef<HTMLInputElement, Props>(function RoleRadios(
  { error, legend = "Role", defaultRole, name = "role", ...input },
  ref,
) {
  return (
    <fieldset
      className={`field${error ? " field--error" : ""}`}
      aria-describedby={error ? "role-error" : undefined}
    >
      <legend>{legend}</legend>
      {error ? (
        <p className="field-error" id="role-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      ) : null}
      <div className="radios">
        {ROLES.map((role, index) => (
          <label key={role}>
            <input
              {...input}
              ref={ref}
              type="radio"
              name={name}
              id={index === 0 ? "role" : `role-${role}`}
              value={role}
              defaultChecked={defaultRole === role}
              aria-describedby={`role-${role}-hint`}
            />
            <span>
              {ROLE_LABELS[role]}{" "}
              <span className="hint" id={`role-${role}-hint`}>
                — {ROLE_HINTS[role]}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
});
