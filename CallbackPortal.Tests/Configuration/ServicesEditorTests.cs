using CallbackPortal.Agents;
using CallbackPortal.Audit;
using CallbackPortal.Engine;
using CallbackPortal.Services;
using CallbackPortal.Tests.Services;
using CallbackPortal.Widget;
using Microsoft.EntityFrameworkCore;

namespace CallbackPortal.Tests.Configuration;

/// <summary>The service editor's save paths: create, save, the version check, the audit entry, caches told.</summary>
public sealed class ServicesEditorTests : IAsyncLifetime
{
    private ServicesHarness harness = default!;

    public async Task InitializeAsync() => harness = await ServicesHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task CreatingStoresTheSettingsAndAnAuditEntryTogether()
    {
        var form = ServicesHarness.NewForm("sales-emea", "Sales EMEA");
        form.Schedule = new ServiceSchedule { TimeZone = "Europe/Berlin", Weekly = [new(DayOfWeek.Monday, At.Time("08:00"), At.Time("12:00"))] };
        form.Capacity.WeeklyOverrides.Add(new(DayOfWeek.Monday, At.Time("08:00"), 4));

        var result = await harness.Editor.CreateAsync(ServicesHarness.Administrator, form, CancellationToken.None);

        Assert.True(result.Saved);
        await using var db = harness.Database.CreateDbContext();
        var stored = await db.CallbackServices.SingleAsync(s => s.Id == result.ServiceId);
        Assert.Equal(("sales-emea", "Sales EMEA", "Europe/Berlin"), (stored.Key, stored.Name, stored.Schedule.TimeZone));
        Assert.Equal(4, Assert.Single(stored.Capacity.WeeklyOverrides).Capacity);
        Assert.Null(stored.Form);
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((AuditAreas.Services, AuditActions.Created, "sales-emea", "admin@example.test", stored.Id),
            (entry.Area, entry.Action, entry.Target, entry.UserName, entry.ServiceId!.Value));
        Assert.Contains(AuditChanges.FromJson(entry.Changes), c => c.Field == "schedule.weekly" && c.Before is null && c.After == "Monday 08:00–12:00");
    }

    [Fact]
    public async Task SavingChangesEveryTabInOneGoAndAuditsBeforeAndAfter()
    {
        await using (var db = harness.Database.CreateDbContext())
        {
            db.Skills.Add(new SkillDefinition { Name = "billing", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }
        var id = await harness.CreateAsync("support");
        using var watch = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var published = FirstEventAsync(watch.Token);
        var form = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, id, CancellationToken.None))!;
        var dispatchesBefore = harness.Triggers.Dispatches;

        form.Name = "Customer support";
        form.Schedule.Weekly.Add(new(DayOfWeek.Saturday, At.Time("10:00"), At.Time("14:00")));
        form.Capacity.DefaultCapacity = 7;
        form.MaxDialAttempts = 5;
        form.DialMode = DialMode.AgentFirst;
        form.RequiredSkills.Add(new RequiredSkill { Skill = "billing", MinLevel = 3 });
        var custom = WidgetForm.Default();
        custom.Title = "Call me back";
        form.FormJson = custom.ToJson();
        var result = await harness.Editor.SaveAsync(ServicesHarness.Administrator, id, form, CancellationToken.None);

        Assert.True(result.Saved);
        await using var check = harness.Database.CreateDbContext();
        var stored = await check.CallbackServices.SingleAsync(s => s.Id == id);
        Assert.Equal(("Customer support", 7, 5, DialMode.AgentFirst, "Call me back"),
            (stored.Name, stored.Capacity.DefaultCapacity, stored.MaxDialAttempts, stored.DialMode, stored.Form!.Title));
        Assert.Contains(stored.Schedule.Weekly, r => r.Day == DayOfWeek.Saturday);
        Assert.Equal(("billing", 3), (stored.RequiredSkills.Single().Skill, stored.RequiredSkills.Single().MinLevel));
        Assert.Equal(form.Version + 1, stored.Version);
        var entry = await check.AuditEntries.OrderBy(e => e.Id).LastAsync();
        Assert.Equal(AuditActions.Updated, entry.Action);
        var changes = AuditChanges.FromJson(entry.Changes);
        Assert.Contains(changes, c => c.Field == "name" && c.Before == "Service support" && c.After == "Customer support");
        Assert.Contains(changes, c => c.Field == "capacity.defaultCapacity" && c.Before == "100" && c.After == "7");
        Assert.Contains(changes, c => c.Field == "requiredSkills" && c.After == "billing ≥ 3");
        Assert.Equal(dispatchesBefore + 1, harness.Triggers.Dispatches);
        Assert.Equal((EngineEventKind.ServiceChanged, id), ((await published).Kind, (await published).ServiceId!.Value));
    }

    [Fact]
    public async Task ASecondSaveFromAnOlderReadIsRefusedAndTheFirstIsKept()
    {
        var id = await harness.CreateAsync("support");
        var first = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, id, CancellationToken.None))!;
        var second = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, id, CancellationToken.None))!;

        first.Name = "First";
        second.Name = "Second";
        var firstResult = await harness.Editor.SaveAsync(ServicesHarness.Administrator, id, first, CancellationToken.None);
        var secondResult = await harness.Editor.SaveAsync(ServicesHarness.Administrator, id, second, CancellationToken.None);

        Assert.True(firstResult.Saved);
        Assert.Equal([ServiceEdits.ChangedMeanwhile], secondResult.Errors[""]);
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal("First", (await db.CallbackServices.SingleAsync()).Name);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Updated));
    }

    [Fact]
    public async Task AFormWithOneMistakeSavesNothingAtAll()
    {
        var id = await harness.CreateAsync("support");
        var form = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, id, CancellationToken.None))!;

        form.Name = "Renamed";
        form.MaxQueued = 50;
        form.Capacity.DefaultCapacity = -1;
        var result = await harness.Editor.SaveAsync(ServicesHarness.Administrator, id, form, CancellationToken.None);

        Assert.False(result.Saved);
        Assert.Equal(["Capacity.DefaultCapacity"], result.Errors.Keys);
        await using var db = harness.Database.CreateDbContext();
        var stored = await db.CallbackServices.SingleAsync();
        Assert.Equal(("Service support", 1000, 100), (stored.Name, stored.MaxQueued, stored.Capacity.DefaultCapacity));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Updated));
    }

    [Fact]
    public async Task TheKeyIsFixedOnceTheServiceExists()
    {
        var id = await harness.CreateAsync("support");
        var form = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, id, CancellationToken.None))!;

        form.Key = "helpdesk";
        var result = await harness.Editor.SaveAsync(ServicesHarness.Administrator, id, form, CancellationToken.None);

        Assert.Contains("stays 'support'", Assert.Single(result.Errors["Key"]));
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal("support", (await db.CallbackServices.SingleAsync()).Key);
    }

    [Fact]
    public async Task AKeyInUseIsRefused()
    {
        await harness.CreateAsync("support");

        var result = await harness.Editor.CreateAsync(ServicesHarness.Administrator, ServicesHarness.NewForm("support", "Another"), CancellationToken.None);

        Assert.Equal("The key 'support' is taken by the service 'Service support': keys are unique.", Assert.Single(result.Errors["Key"]));
        await using var db = harness.Database.CreateDbContext();
        Assert.Equal(1, await db.CallbackServices.CountAsync());
    }

    [Fact]
    public async Task ResettingToTheStockFormStoresNoFormSoTheServiceFollowsTheDefault()
    {
        var custom = WidgetForm.Default();
        custom.Title = "Custom";
        var id = await harness.CreateAsync("support", f => f.FormJson = custom.ToJson());
        var form = (await harness.Editor.LoadAsync(ServicesHarness.Administrator, id, CancellationToken.None))!;
        Assert.Contains("Custom", form.FormJson);

        form.FormJson = ServiceForm.StockFormJson;
        Assert.True((await harness.Editor.SaveAsync(ServicesHarness.Administrator, id, form, CancellationToken.None)).Saved);

        await using var db = harness.Database.CreateDbContext();
        Assert.Null((await db.CallbackServices.SingleAsync()).Form);
    }

    [Fact]
    public async Task RequiredSkillsComeFromTheCatalogueAndAWarningSaysWhenNoAgentHoldsThem()
    {
        await using (var db = harness.Database.CreateDbContext())
        {
            db.Skills.AddRange(new SkillDefinition { Name = "billing" }, new SkillDefinition { Name = "french" });
            db.Agents.Add(new Agent { Id = Guid.NewGuid(), Name = "Ada", Phone = "sip:ada@example.test", Skills = [new AgentSkill { Skill = "billing", Level = 2 }] });
            await db.SaveChangesAsync();
        }

        var unknown = await harness.Editor.CreateAsync(ServicesHarness.Administrator,
            WithSkills(ServicesHarness.NewForm("support"), ("klingon", 1)), CancellationToken.None);
        var warnings = await harness.Editor.SkillWarningsAsync([new RequiredSkill { Skill = "billing", MinLevel = 3 }, new RequiredSkill { Skill = "french", MinLevel = 1 }], CancellationToken.None);
        var held = await harness.Editor.SkillWarningsAsync([new RequiredSkill { Skill = "Billing", MinLevel = 2 }], CancellationToken.None);
        var saved = await harness.Editor.CreateAsync(ServicesHarness.Administrator, WithSkills(ServicesHarness.NewForm("support"), ("french", 1)), CancellationToken.None);

        Assert.Contains("'klingon' is not in the skills catalogue", Assert.Single(unknown.Errors["RequiredSkills"]));
        Assert.Equal(["No agent holds 'billing' at level 3 or above.", "No agent holds 'french' at level 1 or above."], warnings);
        Assert.Empty(held);
        Assert.True(saved.Saved);
    }

    [Fact]
    public async Task PausingNeedsAReasonAndPauseAndResumeAreAudited()
    {
        var id = await harness.CreateAsync("support");

        var blank = await harness.Editor.PauseAsync(ServicesHarness.Administrator, id, "  ", CancellationToken.None);
        var paused = await harness.Editor.PauseAsync(ServicesHarness.Administrator, id, "fire drill", CancellationToken.None);
        var whilePaused = (await harness.Editor.ListAsync(ServicesHarness.Administrator, CancellationToken.None)).Single();
        var resumed = await harness.Editor.ResumeAsync(ServicesHarness.Administrator, id, CancellationToken.None);
        var afterResume = (await harness.Editor.ListAsync(ServicesHarness.Administrator, CancellationToken.None)).Single();

        Assert.Contains("Say why", blank);
        Assert.Null(paused);
        Assert.Null(resumed);
        Assert.Equal((ServiceOpenState.Paused, "fire drill"), (whilePaused.State, whilePaused.PausedReason));
        Assert.NotEqual(ServiceOpenState.Paused, afterResume.State);
        await using var db = harness.Database.CreateDbContext();
        var entries = await db.AuditEntries.Where(e => e.Area == AuditAreas.Services && e.Action != AuditActions.Created).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([ServiceControl.PausedAction, ServiceControl.ResumedAction], entries.Select(e => e.Action));
        Assert.Contains(AuditChanges.FromJson(entries[0].Changes), c => c.Field == "pausedReason" && c.Before is null && c.After == "fire drill");
        Assert.Equal("admin@example.test", entries[1].UserName);
    }

    [Fact]
    public async Task AnUnknownServiceLoadsAsNothing()
    {
        Assert.Null(await harness.Editor.LoadAsync(ServicesHarness.Administrator, Guid.NewGuid(), CancellationToken.None));
        var result = await harness.Editor.SaveAsync(ServicesHarness.Administrator, Guid.NewGuid(), ServicesHarness.NewForm("x"), CancellationToken.None);
        Assert.Equal(["That service no longer exists."], result.Errors[""]);
    }

    private static ServiceForm WithSkills(ServiceForm form, params (string Skill, int Level)[] skills)
    {
        form.RequiredSkills = [.. skills.Select(s => new RequiredSkill { Skill = s.Skill, MinLevel = s.Level })];
        return form;
    }

    /// <summary>Subscribes at once (before the caller's first await) and returns the first event published after that.</summary>
    private async Task<EngineEvent> FirstEventAsync(CancellationToken ct)
    {
        await using var subscription = harness.Events.SubscribeAsync(ct).GetAsyncEnumerator(ct);
        Assert.True(await subscription.MoveNextAsync());
        return subscription.Current;
    }
}
