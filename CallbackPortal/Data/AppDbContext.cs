using CallbackPortal.Access;
using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CallbackPortal.Data;

public class AppDbContext : IdentityDbContext<ApplicationUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options) : base(options)
    {
    }

    /// <summary>For <see cref="PostgresAppDbContext"/>: the same model under its own type, so each provider has its own migrations.</summary>
    protected AppDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<RolePermission> RolePermissions => Set<RolePermission>();
    public DbSet<SystemFlag> SystemFlags => Set<SystemFlag>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<CallbackService> CallbackServices => Set<CallbackService>();
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Callback> Callbacks => Set<Callback>();
    public DbSet<DialAttempt> DialAttempts => Set<DialAttempt>();
    public DbSet<CallbackEvent> CallbackEvents => Set<CallbackEvent>();
    public DbSet<DailyServiceStats> DailyServiceStats => Set<DailyServiceStats>();
    public DbSet<PublicApi.Captcha.UsedCaptchaChallenge> UsedCaptchaChallenges => Set<PublicApi.Captcha.UsedCaptchaChallenge>();
    public DbSet<PublicApi.IdempotencyRecord> IdempotencyRecords => Set<PublicApi.IdempotencyRecord>();
    public DbSet<Diagnostics.ApiErrorEntry> ApiErrors => Set<Diagnostics.ApiErrorEntry>();
    public DbSet<Diagnostics.CorsRejection> CorsRejections => Set<Diagnostics.CorsRejection>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<SkillDefinition> Skills => Set<SkillDefinition>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Reports.RuleRefusalStats> RuleRefusalStats => Set<Reports.RuleRefusalStats>();
    public DbSet<Lifecycle.WidgetEvent> WidgetEvents => Set<Lifecycle.WidgetEvent>();
    public DbSet<ClickToCall.ClickToCallGroup> ClickToCallGroups => Set<ClickToCall.ClickToCallGroup>();
    public DbSet<ClickToCall.ClickToCallReservation> ClickToCallReservations => Set<ClickToCall.ClickToCallReservation>();
    public DbSet<Push.PushSubscription> PushSubscriptions => Set<Push.PushSubscription>();
    public DbSet<Push.PushNotification> PushNotifications => Set<Push.PushNotification>();
    public DbSet<PublicApi.RateLimitCounter> RateLimitCounters => Set<PublicApi.RateLimitCounter>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every modified <see cref="IVersioned"/> record gets the next version; the update only matches the version it was read at.</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or sort DateTimeOffset text; stored as UTC ticks they order and filter on the server. PostgreSQL
        // stores them the same way (bigint), so every query means the same on both and no UTC-only rule of timestamptz can bite.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}

/// <summary>A fact about the installation recorded once (for example that first-run setup has happened).</summary>
public class SystemFlag
{
    [System.ComponentModel.DataAnnotations.Key]
    [System.ComponentModel.DataAnnotations.MaxLength(128)]
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTimeOffset SetAt { get; set; }
}
