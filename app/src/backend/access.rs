//! The authorization matrix: who may call each server function. The server
//! checks it before a function reads its arguments (deny by default: a
//! function without a row answers 403), the functions then check the scope
//! (their platform, company or organisation). A test runs the matrix
//! against every role and fails when a function has no row.

use crate::model::Role;

/// Who may call a server function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (public pages, links from e-mails,
    /// signing in).
    Anyone,
    /// Any signed-in account.
    SignedIn,
    /// Only these roles.
    Roles(&'static [Role]),
}

const STAFF: Access = Access::Roles(&[Role::Staff]);
const TEAM: Access = Access::Roles(&[Role::Staff, Role::Admin]);
const COMPANY: Access = Access::Roles(&[Role::Company]);
const PARTNER: Access = Access::Roles(&[Role::Partner]);

/// The row of a server function (its endpoint name), if it has one.
pub fn server_fn_access(endpoint: &str) -> Option<Access> {
    Some(match endpoint {
        // Public: pages, applications, registrations, e-mailed links,
        // account creation and signing in.
        "get_current_user"
        | "signup_choices"
        | "login"
        | "logout"
        | "signup_company"
        | "request_password_reset"
        | "reset_link_state"
        | "reset_password"
        | "confirm_address"
        | "second_factor_prompt"
        | "verify_second_factor"
        | "apply_to_offer"
        | "subscribe_alert"
        | "confirm_alert"
        | "unsubscribe_alert"
        | "application_by_link"
        | "answer_by_link"
        | "upcoming_events"
        | "open_event"
        | "register_for_event"
        | "registration_by_link"
        | "cancel_registration"
        | "company_event_offers"
        | "open_invitation"
        | "accept_invitation"
        | "offer_by_link"
        | "extend_by_link"
        | "close_by_link"
        | "outcome_survey"
        | "answer_outcome_survey"
        | "search_public_offers"
        | "job_suggestions"
        | "commune_suggestions"
        | "open_public_offer"
        | "request_my_data"
        | "my_data_link_state"
        | "open_my_data"
        | "my_data"
        | "erase_my_data"
        | "leave_my_data"
        | "legal_info"
        | "funder_logo_version"
        | "resend_registration_link" => Access::Anyone,
        "change_password" => Access::SignedIn,
        "admin_accounts"
        | "set_account_active"
        | "reset_second_factor"
        | "audit_trail"
        | "upload_funder_logo"
        | "remove_funder_logo" => Access::Roles(&[Role::Admin]),
        // The platform's staff (their platform).
        "activity_overview"
        | "log_contact"
        | "log_intervention"
        | "add_trade_leader"
        | "end_trade_leader"
        | "company_file"
        | "platform_companies"
        | "add_company"
        | "invite_owner"
        | "staff_events"
        | "create_event"
        | "event_for_edit"
        | "update_event"
        | "cancel_event"
        | "set_objective"
        | "add_report_recipient"
        | "remove_report_recipient"
        | "add_programme_action"
        | "set_action_status"
        | "link_programme_action"
        | "record_meeting"
        | "attach_minutes"
        | "mark_decision_done"
        | "acknowledge_delay"
        | "save_annual_report"
        | "autosave_annual_report"
        | "meeting_warnings" => STAFF,
        // Claims of a company's space: its platform's staff, or an admin.
        "company_claims" | "decide_claim" => TEAM,
        // Staff (their platform) and admins (every platform).
        "platform_applications"
        | "event_check_in"
        | "search_participants"
        | "mark_attendance"
        | "admit_waiting"
        | "check_in_by_code"
        | "add_company_at_door"
        | "mark_company_presence"
        | "add_meeting"
        | "set_meeting_outcome"
        | "register_walk_in"
        | "event_reservations"
        | "set_event_reservation"
        | "platform_offers"
        | "staff_offer"
        | "approve_offer"
        | "reject_offer"
        | "request_changes"
        | "mail_log"
        | "search_mail_log"
        | "share_with_suggested"
        | "share_offer"
        | "staff_offer_for_edit"
        | "staff_update_offer"
        | "platform_support_requests"
        | "open_support_case"
        | "advance_case"
        | "close_case"
        | "add_case_action"
        | "gdpr_registers"
        | "gdpr_alerts"
        | "log_data_request"
        | "log_breach"
        | "register_step" => TEAM,
        // Companies (their own records).
        "company_applications"
        | "my_offers"
        | "offer_form_choices"
        | "submit_offer"
        | "offer_for_edit"
        | "update_offer"
        | "close_offer"
        | "extend_offer"
        | "my_offer"
        | "register_company_for_event"
        | "invite_colleague"
        | "request_support"
        | "my_support_requests"
        | "close_my_account"
        | "company_colleagues"
        | "remove_colleague" => COMPANY,
        "rome_search" => Access::Roles(&[Role::Company, Role::Staff, Role::Admin]),
        // The funnel: staff, the company, and the adviser who positioned
        // the candidate (the service checks which application).
        "move_application" => {
            Access::Roles(&[Role::Company, Role::Staff, Role::Admin, Role::Partner])
        }
        // Partners (offers shared with their organisation, its seats).
        "partner_offers"
        | "partner_offer"
        | "give_feedback"
        | "position_candidate"
        | "api_tokens"
        | "create_api_token"
        | "revoke_api_token"
        | "partner_events"
        | "register_partner_candidate" => PARTNER,
        // Staff (their platform), the Région and admins (any platform).
        "monthly_reports" | "monthly_report" => {
            Access::Roles(&[Role::Staff, Role::Region, Role::Admin])
        }
        "indicators" | "indicator_records" => {
            Access::Roles(&[Role::Staff, Role::Admin, Role::Region])
        }
        // The yearly cycle: staff their platform's, the Région and admins
        // any platform's (read only).
        "programme_of" | "governance_of" | "delay_alerts" | "annual_report" | "annual_reports" => {
            Access::Roles(&[Role::Staff, Role::Region, Role::Admin])
        }
        // The Région's requests about a company.
        "send_region_request" | "region_requests" | "region_request_choices" => {
            Access::Roles(&[Role::Region, Role::Admin])
        }
        _ => return None,
    })
}

/// Whether `role` (`None`: not signed in) may call a function of `access`:
/// `Err(401)` to sign in first, `Err(403)` when refused.
pub fn check(access: Option<Access>, role: Option<Role>) -> Result<(), u16> {
    match (access, role) {
        (None, _) => Err(403),
        (Some(Access::Anyone), _) => Ok(()),
        (Some(_), None) => Err(401),
        (Some(Access::SignedIn), Some(_)) => Ok(()),
        (Some(Access::Roles(roles)), Some(r)) if roles.contains(&r) => Ok(()),
        (Some(Access::Roles(_)), Some(_)) => Err(403),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_by_default_and_by_role() {
        assert_eq!(
            check(server_fn_access("nouvelle_fonction"), Some(Role::Admin)),
            Err(403)
        );
        assert_eq!(check(server_fn_access("login"), None), Ok(()));
        assert_eq!(check(server_fn_access("mail_log"), None), Err(401));
        assert_eq!(
            check(server_fn_access("mail_log"), Some(Role::Partner)),
            Err(403)
        );
        assert_eq!(
            check(server_fn_access("mail_log"), Some(Role::Admin)),
            Ok(())
        );
        assert_eq!(
            check(server_fn_access("change_password"), Some(Role::Region)),
            Ok(())
        );
    }
}
