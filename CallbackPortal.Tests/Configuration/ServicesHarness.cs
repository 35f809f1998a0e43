using CallbackPortal.Access;
using CallbackPortal.Audit;
using CallbackPortal.Engine;
using CallbackPortal.PublicApi;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Configuration;

/// <summary>Engine triggers that only count what was asked of them.</summary>
public sealed class RecordingTriggers : IEngineTriggers
{
    public int Dispatches { get; private set; }

    public void Dispatch() => Dispatches++;

    public void Dial(Guid attemptId)
    {
    }

    public void PromoteAt(Guid callbackId, DateTimeOffset at)
    {
    }

    public void EndWrapUpAt(Guid agentId, DateTimeOffset at)
    {
    }

    public void PreviewTimeoutAt(Guid callbackId, Guid agentId, DateTimeOffset at)
    {
    }
}

/// <summary>The service editor wired by hand over a test database, with the engine's triggers and events recorded.</summary>
public sealed class ServicesHarness : IAsyncDisposable
{
    public static readonly PortalActor Administrator = new("admin-1", "admin@example.test", ServiceScope.Everything);

    private ServicesHarness(TestDatabase database)
    {
        Database = database;
        var audit = new AuditLog(TimeProvider.System);
        Control = new ServiceControl(database, TimeProvider.System, Triggers, Events, audit);
        Editor = new ServiceEditor(database, audit, Control, new ServiceCors(database, TimeProvider.System), Triggers, Events, TimeProvider.System);
    }

    public TestDatabase Database { get; }
    public RecordingTriggers Triggers { get; } = new();
    public CallbackEventStream Events { get; } = new();
    public ServiceControl Control { get; }
    public ServiceEditor Editor { get; }

    public static async Task<ServicesHarness> CreateAsync() => new(await TestDatabase.CreateAsync(withDefaultGrants: false));

    /// <summary>A user limited to the given services.</summary>
    public static PortalActor LimitedTo(params Guid[] services) => new("limited-1", "limited@example.test", new ServiceScope(services.ToHashSet()));

    /// <summary>A valid new service's form with the given key.</summary>
    public static ServiceForm NewForm(string key, string? name = null)
    {
        var form = ServiceForm.New();
        form.Key = key;
        form.Name = name ?? $"Service {key}";
        form.CallerId = "+12025550100";
        return form;
    }

    /// <summary>Creates a service through the editor and returns its id (fails the test when it is refused).</summary>
    public async Task<Guid> CreateAsync(string key, Action<ServiceForm>? configure = null)
    {
        var form = NewForm(key);
        configure?.Invoke(form);
        var result = await Editor.CreateAsync(Administrator, form, CancellationToken.None);
        Assert.True(result.Saved, string.Join(" ", result.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))));
        return result.ServiceId!.Value;
    }

    /// <summary>The services' registrations a bUnit page of the editor needs.</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton<IEngineTriggers>(Triggers).AddSingleton(Events).AddSingleton(Control).AddSingleton(Editor).AddSingleton<Agents.SkillCatalogue>();

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
