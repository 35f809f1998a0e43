using CallbackPortal.Access;
using static CallbackPortal.Tests.Access.ActionKind;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// The permission behind each action of <see cref="PortalActions"/>: a change is refused by the service to an actor without
/// it; a read is guarded by the policy of every page that uses its service.
/// </summary>
public static class ActionCases
{
    private static readonly string CallbacksView = Permissions.Callbacks.View, CallbacksManage = Permissions.Callbacks.Manage;
    private static readonly string Features = Permissions.Features.Manage, Services = Permissions.Services.Manage;
    private static readonly string Agents = Permissions.Agents.Manage, Users = Permissions.Users.Manage;
    private static readonly string Diagnostics = Permissions.Diagnostics.View, Reports = Permissions.Reports.View;

    public static IReadOnlyDictionary<string, ActionCase> All { get; } = new Dictionary<string, ActionCase>
    {
        ["AgentDirectory.DeleteAsync"] = new(Agents, Change),
        ["AgentDirectory.SaveAsync"] = new(Agents, Change),
        ["AgentDirectory.SetPresenceAsync"] = new(Agents, Change),
        ["AgentWorkspace.AcceptAsync"] = new(Permissions.Agents.Workspace, Change),
        ["AgentWorkspace.AgentIdAsync"] = new(Permissions.Agents.Workspace, Read),
        ["AgentWorkspace.LoadAsync"] = new(Permissions.Agents.Workspace, Read),
        ["AgentWorkspace.RejectAsync"] = new(Permissions.Agents.Workspace, Change),
        ["AgentWorkspace.SetPresenceAsync"] = new(Permissions.Agents.Workspace, Change),
        ["AgentWorkspace.WrapUpAsync"] = new(Permissions.Agents.Workspace, Change),
        ["ApiErrorLogQuery.SearchAsync"] = new(Diagnostics, Read),
        ["ApiErrorLogQuery.WriteCsvAsync"] = new(Diagnostics, Read),
        ["ApiKeyStore.CreateAsync"] = new(Permissions.ApiKeys.Manage, Change),
        ["ApiKeyStore.RevokeAsync"] = new(Permissions.ApiKeys.Manage, Change),
        ["AuditLog.Record"] = new(Permissions.Audit.View, Recording),
        ["AuditLogQuery.SearchAsync"] = new(Permissions.Audit.View, Read),
        ["BulkCancellation.CancelAsync"] = new(CallbacksManage, Change),
        ["BulkCancellation.CancelRangeAsync"] = new(CallbacksManage, Change),
        ["BulkCancellation.SaveSummaryAsync"] = new(CallbacksView, Read),
        ["CallbackDetails.LoadAsync"] = new(CallbacksView, Read),
        ["CallbackDetailsReport.AllAsync"] = new(Reports, Read),
        ["CallbackDetailsReport.PageAsync"] = new(Reports, Read),
        ["CallbackExports.StartAsync"] = new(CallbacksView, Read),
        ["CallbackExports.WriteAsync"] = new(CallbacksView, Read),
        ["CallbackSearch.BatchesAsync"] = new(CallbacksView, Read),
        ["CallbackSearch.CountAsync"] = new(CallbacksView, Read),
        ["CallbackSearch.RowsAsync"] = new(CallbacksView, Read),
        ["CallbackSearch.SearchAsync"] = new(CallbacksView, Read),
        ["CallbackSearch.ServiceChoicesAsync"] = new(CallbacksView, Read),
        ["CallbackSummaryReport.RunAsync"] = new(Reports, Read),
        ["CaptchaConfiguration.LoadAsync"] = new(Features, Read),
        ["CaptchaConfiguration.SaveAsync"] = new(Features, Change),
        ["CaptchaConfiguration.ServicesAsync"] = new(Features, Read),
        ["CaptchaKeyCheck.CheckAsync"] = new(Features, Change),
        ["ClickToCallGroups.DeleteAsync"] = new(Features, Change),
        ["ClickToCallGroups.ListAsync"] = new(Features, Read),
        ["ClickToCallGroups.SaveAsync"] = new(Features, Change),
        ["ClickToCallGroups.TargetServicesAsync"] = new(Features, Read),
        ["ClickToCallRecords.HeldNowAsync"] = new(Features, Read),
        ["ClickToCallRecords.ListAsync"] = new(Features, Read),
        ["ConfigurationCheck.RunAsync"] = new(Diagnostics, Read),
        ["CorsDomains.AddAsync"] = new(Permissions.Cors.Manage, Change),
        ["CorsDomains.ListAsync"] = new(Permissions.Cors.Manage, Read),
        ["CorsDomains.RemoveAsync"] = new(Permissions.Cors.Manage, Change),
        ["CorsRejectionQuery.SearchAsync"] = new(Diagnostics, Read),
        ["CorsRejectionQuery.ServicesAsync"] = new(Diagnostics, Read),
        ["EngineHealth.ReadAsync"] = new(Diagnostics, Read),
        ["ListActions.CancelAsync"] = new(CallbacksManage, Change),
        ["ListActions.CreateAsync"] = new(CallbacksManage, Change),
        ["ListActions.DialNowAsync"] = new(CallbacksManage, Change),
        ["ListActions.RescheduleAsync"] = new(CallbacksManage, Change),
        ["PermissionMatrix.RestoreDefaultsAsync"] = new(Users, Change),
        ["PermissionMatrix.SaveAsync"] = new(Users, Change),
        ["PushConfiguration.LoadAsync"] = new(Features, Read),
        ["PushConfiguration.SaveAsync"] = new(Features, Change),
        ["PushConfiguration.ServicesAsync"] = new(Features, Read),
        ["PushConfiguration.TestFcmAsync"] = new(Features, Change),
        ["PushConfiguration.TestWebPushAsync"] = new(Features, Change),
        ["RuleConfiguration.LoadAsync"] = new(Permissions.Rules.Manage, Read),
        ["RuleConfiguration.SaveAsync"] = new(Permissions.Rules.Manage, Change),
        ["RuleConfiguration.ServicesAsync"] = new(Permissions.Rules.Manage, Read),
        ["RuleConfiguration.TestAsync"] = new(Permissions.Rules.Manage, Change),
        ["ServiceControl.PauseAsync"] = new(Services, Change),
        ["ServiceControl.ResumeAsync"] = new(Services, Change),
        ["ServiceEditor.CreateAsync"] = new(Services, Change),
        ["ServiceEditor.ListAsync"] = new(Services, Read),
        ["ServiceEditor.LoadAsync"] = new(Services, Read),
        ["ServiceEditor.PauseAsync"] = new(Services, Change),
        ["ServiceEditor.ResumeAsync"] = new(Services, Change),
        ["ServiceEditor.SaveAsync"] = new(Services, Change),
        ["SkillCatalogue.AddAsync"] = new(Agents, Change),
        ["SkillCatalogue.DeleteAsync"] = new(Agents, Change),
        ["SkillCatalogue.EditAsync"] = new(Agents, Change),
        ["SkillCatalogue.OverviewAsync"] = new(Agents, Read),
        ["SupervisorCallbackActions.CancelAsync"] = new(CallbacksManage, Change),
        ["SupervisorCallbackActions.DialNowAsync"] = new(CallbacksManage, Change),
        ["SupervisorCallbackActions.RescheduleAsync"] = new(CallbacksManage, Change),
        ["UserAdministration.CreateAsync"] = new(Users, Change),
        ["UserAdministration.ResetTwoFactorAsync"] = new(Users, Change),
        ["UserAdministration.SetDisabledAsync"] = new(Users, Change),
        ["UserAdministration.UnlockAsync"] = new(Users, Change),
        ["UserAdministration.UpdateAsync"] = new(Users, Change),
        ["UserDirectory.ServicesAsync"] = new(Users, Read),
        ["WidgetFunnelReport.RunAsync"] = new(Reports, Read),
    };
}
