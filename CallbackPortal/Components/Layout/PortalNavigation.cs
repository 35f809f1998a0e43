using CallbackPortal.Access;
using MudBlazor;

namespace CallbackPortal.Components.Layout;

public sealed record NavEntry(string Area, string Title, string Href, string Icon, string Permission, bool ForceLoad = false);

public sealed record NavGroup(string Area, IReadOnlyList<NavEntry> Entries);

/// <summary>
/// The portal's menu: one entry per page that exists, grouped by area and shown only to users
/// whose permissions open it (the pages check the same permission on the server).
/// </summary>
public static class PortalNavigation
{
    public static readonly IReadOnlyList<string> Areas = ["Agent", "Live", "Callbacks", "Reports", "Configuration", "Integration", "Diagnostics", "Administration"];

    public static readonly IReadOnlyList<NavEntry> Entries =
    [
        new("Agent", "Workspace", "/agent", Icons.Material.Filled.HeadsetMic, Permissions.Agents.Workspace),
        new("Reports", "Reports", "/reports", Icons.Material.Filled.Assessment, Permissions.Reports.View),
        new("Callbacks", "Callbacks", "/callbacks", Icons.Material.Filled.PhoneCallback, Permissions.Callbacks.View),
        new("Live", "Dashboard", "/live", Icons.Material.Filled.Dashboard, Permissions.Live.View),
        new("Configuration", "Services", "/configuration/services", Icons.Material.Filled.Queue, Permissions.Services.Manage),
        new("Configuration", "Agents", "/configuration/agents", Icons.Material.Filled.SupportAgent, Permissions.Agents.Manage),
        new("Configuration", "Skills", "/configuration/skills", Icons.Material.Filled.Psychology, Permissions.Agents.Manage),
        new("Configuration", "Rules", "/configuration/rules", Icons.Material.Filled.Rule, Permissions.Rules.Manage),
        new("Integration", "CAPTCHA", "/integration/captcha", Icons.Material.Filled.VerifiedUser, Permissions.Features.Manage),
        new("Integration", "Push notifications", "/integration/push", Icons.Material.Filled.NotificationsActive, Permissions.Features.Manage),
        new("Integration", "CORS domains", "/integration/cors", Icons.Material.Filled.Public, Permissions.Cors.Manage),
        new("Integration", "API keys", "/integration/api-keys", Icons.Material.Filled.Key, Permissions.ApiKeys.Manage),
        new("Integration", "Click-to-call", "/integration/click-to-call", Icons.Material.Filled.PhoneForwarded, Permissions.Features.Manage),
        // The reference itself is public (so are the API and its OpenAPI document); the menu offers it to those who integrate.
        new("Integration", "API reference", "/api-reference/", Icons.Material.Filled.Api, Permissions.ApiKeys.Manage, ForceLoad: true),
        new("Diagnostics", "API error log", "/diagnostics/errors", Icons.Material.Filled.ReportProblem, Permissions.Diagnostics.View),
        new("Diagnostics", "CORS rejections", "/diagnostics/cors", Icons.Material.Filled.Block, Permissions.Diagnostics.View),
        new("Diagnostics", "Configuration check", "/diagnostics/configuration", Icons.Material.Filled.FactCheck, Permissions.Diagnostics.View),
        new("Diagnostics", "Engine health", "/diagnostics/engine", Icons.Material.Filled.MonitorHeart, Permissions.Diagnostics.View),
        new("Diagnostics", "Background jobs", "/hangfire", Icons.Material.Filled.WorkHistory, Permissions.Diagnostics.Jobs, ForceLoad: true),
        new("Administration", "Audit log", "/administration/audit", Icons.Material.Filled.History, Permissions.Audit.View),
        new("Administration", "Users", "/administration/users", Icons.Material.Filled.People, Permissions.Users.Manage),
        new("Administration", "Roles and permissions", "/administration/permissions", Icons.Material.Filled.AdminPanelSettings, Permissions.Users.Manage),
        new("Administration", "Erase personal data", "/administration/erasure", Icons.Material.Filled.PersonRemove, Permissions.Privacy.Erase),
    ];

    public static IReadOnlyList<NavGroup> VisibleTo(IReadOnlySet<string> permissions) =>
        [.. Areas
            .Select(area => new NavGroup(area, [.. Entries.Where(e => e.Area == area && permissions.Contains(e.Permission))]))
            .Where(g => g.Entries.Count > 0)];
}
