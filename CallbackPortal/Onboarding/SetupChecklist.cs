using System.Security.Claims;
using CallbackPortal.Access;

namespace CallbackPortal.Onboarding;

/// <summary>One thing a new installation needs before callbacks can flow; features contribute their own.</summary>
public interface ISetupStep
{
    int Order { get; }
    string Title { get; }
    string Description { get; }
    /// <summary>Only users holding this permission see the step (they are the ones who can do it).</summary>
    string Permission { get; }
    /// <summary>The page where it is done; null while that page does not exist yet (the step then says how).</summary>
    string? Href { get; }
    string LinkText { get; }
    Task<bool> IsDoneAsync(ClaimsPrincipal user, CancellationToken ct);
}

public sealed record SetupStepStatus(string Title, string Description, string? Href, string LinkText, bool Done);

/// <summary>What the home page shows a user about setting the installation up, in order, limited to what they may do.</summary>
public sealed class SetupChecklist(IEnumerable<ISetupStep> steps, PermissionStore permissions)
{
    public async Task<IReadOnlyList<SetupStepStatus>> ForUserAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var granted = await permissions.PermissionsOfAsync(user.FindAll(ClaimTypes.Role).Select(c => c.Value), ct);
        var result = new List<SetupStepStatus>();
        foreach (var step in steps.Where(s => granted.Contains(s.Permission)).OrderBy(s => s.Order))
        {
            result.Add(new SetupStepStatus(step.Title, step.Description, step.Href, step.LinkText, await step.IsDoneAsync(user, ct)));
        }
        return result;
    }
}
