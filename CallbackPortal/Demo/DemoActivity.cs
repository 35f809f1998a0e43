using CallbackPortal.Agents;
using CallbackPortal.Callbacks;
using CallbackPortal.Data;
using CallbackPortal.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace CallbackPortal.Demo;

/// <summary>
/// Demo mode's life: seeds once, then simulated agents log in (go Ready) and consumers keep asking for
/// callbacks through the same intake the public API uses, so callbacks flow within seconds of start.
/// Calls themselves are placed through the built-in carrier simulator.
/// </summary>
public sealed class DemoActivity(
    DemoSeeder seeder,
    DemoHistory history,
    CallbackIntake intake,
    AgentPresenceService presence,
    IDbContextFactory<AppDbContext> dbFactory,
    IOptions<DemoOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<DemoActivity> logger) : BackgroundService
{
    private readonly Hosting.PostgresConnectionString? postgres = services.GetService<Hosting.PostgresConnectionString>();

    private static readonly string[] Regions = ["US", "CA", "GB", "DE", "FR"];
    private static readonly string[] FirstNames = ["Maria", "John", "Aiko", "Omar", "Lena", "Pierre", "Sofia", "Liam"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        var started = new TaskCompletionSource();
        await using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        var past = 0;
        // Two demo nodes starting together on one PostgreSQL would both find the services missing and add them twice.
        await using (await Data.DatabaseLocks.HoldAsync(postgres, "demo-seed", stoppingToken))
        {
            await seeder.SeedAsync(DemoHostPages.OriginsFor(options.Value), stoppingToken);
            past = options.Value.History ? await history.SeedAsync(stoppingToken) : 0;
        }
        if (past > 0)
        {
            logger.LogInformation("Demo mode: {Count} finished callbacks over the last {Days} days for the list and the reports", past, DemoHistory.Days);
        }
        logger.LogInformation("Demo mode: services 'support' and 'sales', {Count} simulated agents, a callback request every few seconds", DemoSeeder.AgentNames.Length);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.RequestIntervalSeconds), clock);
        var tick = 0;
        do
        {
            try
            {
                await BringAgentsBackAsync(stoppingToken);
                await RequestCallbackAsync(tick++, stoppingToken);
            }
            catch (DomainException e)
            {
                logger.LogInformation("Demo request refused: {Code} {Message}", e.Code, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Simulated agents never stay away: anyone offline or not ready logs back in.</summary>
    private async Task BringAgentsBackAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var away = await db.Agents.AsNoTracking()
            .Where(a => DemoSeeder.AgentNames.Contains(a.Name) && (a.Presence == AgentPresence.Offline || a.Presence == AgentPresence.NotReady))
            .Select(a => a.Id).ToListAsync(ct);
        foreach (var id in away)
        {
            await presence.SetPresenceAsync(id, AgentPresence.Ready, ct);
        }
    }

    private async Task RequestCallbackAsync(int tick, CancellationToken ct)
    {
        var region = Regions[tick % Regions.Length];
        var number = ConsumerNumbers.Varied(region, tick % 2 == 0 ? PhoneNumberType.MOBILE : PhoneNumberType.FIXED_LINE, tick);
        var scheduled = tick % 4 == 3;
        var request = new CallbackRequest(
            number,
            scheduled ? clock.GetUtcNow().AddMinutes(5 + tick % 30) : null,
            FirstNames[tick % FirstNames.Length],
            "Demo",
            Notes: "Requested by demo mode",
            UserData: new Dictionary<string, string> { ["page"] = tick % 2 == 0 ? "/pricing" : "/support/orders", ["source"] = "demo" });
        await intake.CreateAsync(tick % 3 == 0 ? "sales" : "support", request, Actor.Consumer, ct);
    }
}
