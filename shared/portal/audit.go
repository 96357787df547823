package portal

// OrgAuditActions are the actions a customer organisation's audit log records, in
// the order the portal offers them in its filter. Every action written to a
// customer's log is here (a test reads the code that writes them), and the portal
// names each one in French and English (a test of the portal reads this list).
var OrgAuditActions = []string{
	"user.create",
	"user.attach",
	"user.import",
	"user.import_done",
	"user.update",
	"user.role",
	"user.disable",
	"user.enable",
	"user.unlock",
	"user.activation_resend",
	"user.password_reset",
	"user.email",
	"user.notification_email",
	"user.delete",
	"rights.update",
	"contract.create",
	"contract.referent",
	"contract.budget",
	"contract.consumption",
	"org.mfa_policy",
	"organisation.join_settings",
	"domain.verification",
	"registration.approved",
	"registration.refused",
	"access.request",
	"access.request_extension",
	"access.cancel",
	"access.approve",
	"access.extend",
	"access.refuse",
	"access.expire",
	"access.remove",
	"access.grant",
	"access.lift",
	"account.closure_request",
	"account.closure_withdraw",
	"account.closure_grant",
	"account.closure_decline",
	"newuser.claimed",
	"newuser.superseded",
	"newuser.expired",
	"impersonation.start",
	"impersonation.end",
	"document.add",
	"document.delete",
	"console.create",
	"console.update",
	"console.delete",
}

// VendorAuditActions are the actions only the vendor's own log records: the back
// office's changes that belong to no customer.
var VendorAuditActions = []string{
	"application.create",
	"application.update",
	"freemail.add",
	"freemail.remove",
	"domain.share",
}
