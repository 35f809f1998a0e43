using Microsoft.AspNetCore.Identity;

namespace CallbackPortal.Data;

/// <summary>A person who logs in to the portal (administrators, supervisors, agents...). Consumers never do.</summary>
public class ApplicationUser : IdentityUser
{
    [PersonalData]
    public string DisplayName { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>The services this user may see and change; null for every service (see <see cref="Access.ServiceScope"/>).</summary>
    public List<Guid>? ServiceLimit { get; set; }
}
