namespace CallbackPortal.Access;

/// <summary>
/// Every permission the portal checks, grouped by feature area. Each name is also the name of the
/// authorization policy that requires it, so pages and endpoints say <c>[Authorize(Policy = Permissions.Callbacks.View)]</c>.
/// </summary>
public static class Permissions
{
    public static class Live
    {
        public const string View = "live.view";
    }

    public static class Callbacks
    {
        public const string View = "callbacks.view";
        public const string Manage = "callbacks.manage";
    }

    public static class Reports
    {
        public const string View = "reports.view";
    }

    public static class Services
    {
        public const string Manage = "services.manage";
    }

    public static class Agents
    {
        public const string Manage = "agents.manage";
        public const string Workspace = "agents.workspace";
    }

    public static class Rules
    {
        public const string Manage = "rules.manage";
    }

    public static class Features
    {
        public const string Manage = "features.manage";
    }

    public static class Cors
    {
        public const string Manage = "cors.manage";
    }

    public static class ApiKeys
    {
        public const string Manage = "apikeys.manage";
    }

    public static class Telephony
    {
        public const string Manage = "telephony.manage";
    }

    public static class Diagnostics
    {
        public const string View = "diagnostics.view";
        public const string Jobs = "diagnostics.jobs";
    }

    public static class Users
    {
        public const string Manage = "users.manage";
    }

    public static class Audit
    {
        public const string View = "audit.view";
    }

    public static class Privacy
    {
        public const string Erase = "privacy.erase";
    }

    public static readonly IReadOnlyList<PermissionInfo> All =
    [
        new(Live.View, "Live", "View the live dashboard"),
        new(Callbacks.View, "Callbacks", "View callbacks"),
        new(Callbacks.Manage, "Callbacks", "Create, reschedule and cancel callbacks"),
        new(Reports.View, "Reports", "View historical reports"),
        new(Services.Manage, "Configuration", "Manage callback services"),
        new(Agents.Manage, "Configuration", "Manage agents and skills"),
        new(Rules.Manage, "Configuration", "Manage rules"),
        new(Features.Manage, "Integration", "Manage CAPTCHA and push features"),
        new(Cors.Manage, "Integration", "Manage CORS domains"),
        new(ApiKeys.Manage, "Integration", "Manage API keys"),
        new(Telephony.Manage, "Integration", "Manage telephony"),
        new(Diagnostics.View, "Diagnostics", "View diagnostics"),
        new(Diagnostics.Jobs, "Diagnostics", "Open the background jobs dashboard"),
        new(Users.Manage, "Administration", "Manage users, roles and permissions"),
        new(Audit.View, "Administration", "Read the audit log of portal changes"),
        new(Privacy.Erase, "Administration", "Erase a consumer's personal data by phone number"),
        new(Agents.Workspace, "Agent", "Use the agent workspace"),
    ];

    public static bool Exists(string permission) => All.Any(p => p.Name == permission);
}

public sealed record PermissionInfo(string Name, string Area, string Description);
