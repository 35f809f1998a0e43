using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Access;

/// <summary>One grant of a permission to a role; the role × permission matrix is these rows.</summary>
public class RolePermission
{
    public string Role { get; set; } = "";
    public string Permission { get; set; } = "";
}

internal sealed class RolePermissionConfiguration : IEntityTypeConfiguration<RolePermission>
{
    public void Configure(EntityTypeBuilder<RolePermission> builder)
    {
        builder.HasKey(p => new { p.Role, p.Permission });
        builder.Property(p => p.Role).HasMaxLength(64);
        builder.Property(p => p.Permission).HasMaxLength(64);
    }
}

/// <summary>The role → permission grants of DOMAIN.md §1 that a new installation starts with.</summary>
public static class DefaultRolePermissions
{
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Grants = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Administrator] = [.. Permissions.All.Select(p => p.Name)],
        [Roles.CallbackAdmin] =
        [
            Permissions.Live.View, Permissions.Callbacks.View, Permissions.Features.Manage, Permissions.Cors.Manage,
            Permissions.ApiKeys.Manage, Permissions.Telephony.Manage, Permissions.Diagnostics.View,
        ],
        [Roles.Supervisor] =
        [
            Permissions.Live.View, Permissions.Callbacks.View, Permissions.Callbacks.Manage, Permissions.Rules.Manage,
            Permissions.Reports.View,
        ],
        [Roles.Monitor] = [Permissions.Live.View, Permissions.Callbacks.View, Permissions.Reports.View],
        [Roles.Agent] = [Permissions.Agents.Workspace],
    };

    public static bool IsGranted(string role, string permission) =>
        Grants.TryGetValue(role, out var granted) && granted.Contains(permission);
}
