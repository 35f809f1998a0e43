using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallbackPortal.Audit;

/// <summary>One change made in the portal: who, when, what, and each changed field before → after (secrets masked).</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    /// <summary>The user's name at the time (the account may be renamed or deleted later).</summary>
    public string UserName { get; set; } = "";
    /// <summary>The feature area, one of <see cref="AuditAreas"/>.</summary>
    public string Area { get; set; } = "";
    /// <summary>What was done: created, updated, deleted, paused, revoked…</summary>
    public string Action { get; set; } = "";
    /// <summary>What it was done to, in words (a service key, an agent's name, a user's e-mail).</summary>
    public string Target { get; set; } = "";
    /// <summary>The service the change belongs to, when it belongs to one (for service-limited readers and filters).</summary>
    public Guid? ServiceId { get; set; }
    /// <summary>The changed fields as JSON: <c>[{"field":"…","before":"…","after":"…"}]</c>.</summary>
    public string Changes { get; set; } = "[]";
}

public static class AuditAreas
{
    public const string Services = "Services";
    public const string Agents = "Agents";
    public const string Skills = "Skills";
    public const string Rules = "Rules";
    public const string Features = "Features";
    public const string Cors = "CORS";
    public const string ApiKeys = "API keys";
    public const string Users = "Users";
    public const string Permissions = "Permissions";
    public const string Callbacks = "Callbacks";
    public const string ClickToCall = "Click-to-call";
    public const string Privacy = "Privacy";

    public static readonly IReadOnlyList<string> All = [Services, Agents, Skills, Rules, Features, Cors, ApiKeys, Users, Permissions, Callbacks, ClickToCall, Privacy];
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Area).HasMaxLength(32);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.Area, e.At });
    }
}
