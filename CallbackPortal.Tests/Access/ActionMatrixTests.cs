using System.Reflection;
using CallbackPortal.Access;
using CallbackPortal.Services;
using Microsoft.AspNetCore.Components;
using Xunit.Abstractions;

namespace CallbackPortal.Tests.Access;

/// <summary>
/// The feature services' actions (found by reflection, <see cref="PortalActions"/>) × every role and a service-limited user:
/// a change is refused by the service exactly when the actor lacks its permission; every action that takes a service or a
/// callback refuses one outside the actor's services; a read never shows a service outside them.
/// </summary>
public sealed class ActionMatrixTests(ActionWorld world, ITestOutputHelper output) : IClassFixture<ActionWorld>
{
    private const string Refused = "refused";
    private const string Allowed = "allowed";

    [Fact]
    public void EveryActionAPageCanCallHasARowInTheMatrix()
    {
        var found = PortalActions.All.Select(PortalActions.NameOf).ToList();
        Assert.True(found.Count == found.Distinct().Count(), "Overloaded actions need a row each: " + string.Join(", ", found.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key)));
        var missing = found.Except(ActionCases.All.Keys).ToList();
        var stale = ActionCases.All.Keys.Except(found).ToList();
        Assert.True(missing.Count == 0, "Actions without a row in ActionCases (say which permission they need): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Rows in ActionCases for actions that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public void EveryPageThatReadsThroughAServiceRequiresTheReadsPermission()
    {
        var failures = new List<string>();
        foreach (var page in RoutablePages.All.Where(p => !p.Anonymous))
        {
            foreach (var injected in InjectedTypes(page.Component))
            {
                var reads = ReadPermissionsOf(injected);
                if (reads.Count > 0 && (page.Policy is null || !reads.Contains(page.Policy)))
                {
                    failures.Add($"{page.Template} ({page.Policy ?? "any signed-in user"}) reads through {injected.Name}, which needs {string.Join(" or ", reads)}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EachCallerIsRefusedAChangeExactlyWhenItLacksThePermission()
    {
        var matrix = new AccessMatrix("Changes by permission (service refusal)", ActionWorld.Callers);
        foreach (var method in Actions(ActionKind.Change))
        {
            var permission = ActionCases.All[PortalActions.NameOf(method)].Permission;
            foreach (var caller in ActionWorld.Callers)
            {
                // Aimed at the limited user's own service and at a callback id that matches nothing, so only the permission decides.
                var outcome = await new ActionInvoker(world.Host.Services).InvokeAsync(method, await world.ActorAsync(caller), world.Mine with { CallbackId = Guid.NewGuid() });
                var expected = DefaultRolePermissions.IsGranted(ActionWorld.PermissionRoleOf(caller), permission) ? Allowed : Refused;
                matrix.Check($"{PortalActions.NameOf(method)} [{permission}]", caller, expected, outcome.RefusedForPermission ? Refused : Allowed);
            }
        }
        matrix.Report(output);
    }

    [Fact]
    public async Task EveryActionOnAServiceOrCallbackRefusesOneOutsideTheActorsServices()
    {
        var limited = LimitedWithEveryPermission();
        var matrix = new AccessMatrix("Actions aimed at a service or callback, service-limited actor", ["outside", "inside"]);
        foreach (var method in PortalActions.All.Where(m => ActionCases.All[PortalActions.NameOf(m)].Kind != ActionKind.Recording && ActionInvoker.TakesTarget(m)))
        {
            var invoker = new ActionInvoker(world.Host.Services);
            // Outside first: the callback of the other service must come through every action untouched.
            var outside = await invoker.InvokeAsync(method, limited, world.Theirs);
            matrix.Check(PortalActions.NameOf(method), "outside", Refused, IsScopeRefusal(method, outside) ? Refused : Allowed + $" ({Clip(outside.Shown)})");
            var inside = await invoker.InvokeAsync(method, limited, world.Mine);
            matrix.Check(PortalActions.NameOf(method), "inside", Allowed, IsScopeRefusal(method, inside) ? Refused + $" ({Clip(inside.Shown)})" : Allowed);
        }
        matrix.Report(output);
    }

    [Fact]
    public async Task NoReadShowsAServiceLimitedActorAServiceOutsideTheirs()
    {
        var limited = LimitedWithEveryPermission();
        var matrix = new AccessMatrix($"Reads: does the outside service ({world.TheirName}) show?", ["limited", "unlimited"]);
        foreach (var method in Actions(ActionKind.Read).Where(m => !ActionInvoker.TakesTarget(m)))
        {
            var invoker = new ActionInvoker(world.Host.Services);
            var shown = await invoker.InvokeAsync(method, limited, world.Mine);
            var everything = await invoker.InvokeAsync(method, PortalActor.System, world.Mine);
            matrix.Check(PortalActions.NameOf(method), "limited", "hidden", Shows(shown) ? "shown" : "hidden");
            // Not asserted (some reads show no service at all); printed so the table says which reads the check is meaningful for.
            var unlimited = Shows(everything) ? "shown" : "hidden";
            matrix.Check(PortalActions.NameOf(method), "unlimited", unlimited, unlimited);
        }
        matrix.Report(output);
    }

    private PortalActor LimitedWithEveryPermission() => new("limited", "limited", new ServiceScope(new HashSet<Guid> { world.Mine.ServiceId }));

    private bool Shows(ActionOutcome outcome) =>
        outcome.Shown.Contains(world.TheirName, StringComparison.Ordinal) || outcome.Shown.Contains(world.Theirs.ServiceId.ToString(), StringComparison.OrdinalIgnoreCase)
        || outcome.Shown.Contains(world.Theirs.CallbackId.ToString(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The shapes the services refuse a service in: a domain error, nothing found, or their own not-allowed message.</summary>
    private static bool IsScopeRefusal(MethodInfo method, ActionOutcome outcome)
    {
        if (outcome.Refusal is { Code: "service-not-allowed" or "not-found" })
        {
            return true;
        }
        var resultType = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : null;
        if (outcome.Refusal is null && outcome.Failure is null && outcome.Result is null && resultType is not null && resultType != typeof(string))
        {
            return true;
        }
        // ServiceEdits.NotAllowed, ClickToCallGroups.NotAllowed and the rules' number test all begin so.
        string[] messages = ["You are not allowed", ServiceEdits.NoLongerExists];
        return messages.Any(m => outcome.Shown.Contains(m, StringComparison.Ordinal));
    }

    private static IEnumerable<MethodInfo> Actions(ActionKind kind) => PortalActions.All.Where(m => ActionCases.All.TryGetValue(PortalActions.NameOf(m), out var c) && c.Kind == kind);

    private static HashSet<string> ReadPermissionsOf(Type service) =>
        [.. PortalActions.All.Where(m => m.DeclaringType == service && ActionCases.All.TryGetValue(PortalActions.NameOf(m), out var c) && c.Kind == ActionKind.Read)
            .Select(m => ActionCases.All[PortalActions.NameOf(m)].Permission)];

    /// <summary>The services a component has injected (@inject, [Inject], its base classes' too).</summary>
    private static IEnumerable<Type> InjectedTypes(Type component)
    {
        for (var type = component; type is not null; type = type.BaseType)
        {
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (property.GetCustomAttribute<InjectAttribute>() is not null)
                {
                    yield return property.PropertyType;
                }
            }
        }
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
