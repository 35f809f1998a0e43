using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallbackPortal.Access;
using CallbackPortal.CallbackList;
using CallbackPortal.Callbacks;
using CallbackPortal.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Access;

/// <summary>What an action did when called: refused with a domain error, failed otherwise, or returned (with what it showed).</summary>
public sealed record ActionOutcome(DomainException? Refusal, Exception? Failure, object? Result, string Shown)
{
    /// <summary>The service refused for want of a permission (the codes the services use).</summary>
    public bool RefusedForPermission => Refusal?.Code is "not-permitted" or "forbidden" || Shown.Contains(PortalActor.NotPermitted, StringComparison.Ordinal);
}

/// <summary>Where a probe points an action: a service, and a callback of that service.</summary>
public sealed record ActionTarget(Guid ServiceId, Guid CallbackId);

/// <summary>
/// Calls an action found by reflection as a page would, with the actor under test and plain arguments (the target's ids,
/// empty forms, empty lists, a memory stream for exports), from the app's own container.
/// </summary>
public sealed class ActionInvoker(IServiceProvider services)
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = true, ReferenceHandler = ReferenceHandler.IgnoreCycles, MaxDepth = 64 };

    public async Task<ActionOutcome> InvokeAsync(MethodInfo method, PortalActor actor, ActionTarget target)
    {
        await using var scope = services.CreateAsyncScope();
        var instance = ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var streams = new List<MemoryStream>();
        var arguments = method.GetParameters().Select(p => Argument(p, actor, target, streams)).ToArray();
        try
        {
            var result = await ResultAsync(method.Invoke(instance, arguments));
            var shown = new StringBuilder(Serialize(result));
            foreach (var stream in streams)
            {
                shown.Append(Encoding.UTF8.GetString(stream.ToArray()));
            }
            return new ActionOutcome(null, null, result, shown.ToString());
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } wrapped } ? wrapped : e;
            return inner is DomainException refusal
                ? new ActionOutcome(refusal, null, null, $"{refusal.Code}: {refusal.Message}")
                : new ActionOutcome(null, inner, null, inner.Message);
        }
    }

    /// <summary>Whether the action takes the target's service or callback, so that pointing it elsewhere means something.</summary>
    public static bool TakesTarget(MethodInfo method) => method.GetParameters().Any(p => p.ParameterType == typeof(Guid) && TargetOf(p) is not null);

    private static string? TargetOf(ParameterInfo parameter) => parameter.Name switch
    {
        "serviceId" => "service",
        "id" or "callbackId" when parameter.Member.DeclaringType!.Namespace is "CallbackPortal.Callbacks" or "CallbackPortal.CallbackList" => "callback",
        _ => null,
    };

    private static object? Argument(ParameterInfo parameter, PortalActor actor, ActionTarget target, List<MemoryStream> streams)
    {
        var type = parameter.ParameterType;
        var mayManage = actor.Holds(Permissions.Callbacks.Manage);
        return type switch
        {
            _ when type == typeof(PortalActor) => actor,
            _ when type == typeof(ListReader) => new ListReader(actor, mayManage),
            _ when type == typeof(CancellationToken) => CancellationToken.None,
            _ when type == typeof(bool) => parameter.Name == "mayManage" && mayManage,
            _ when type == typeof(Guid) => TargetOf(parameter) switch { "service" => target.ServiceId, "callback" => target.CallbackId, _ => Guid.NewGuid() },
            _ when type == typeof(string) => parameter.Name == "origin" ? "https://matrix.example" : "sample",
            _ when type == typeof(int) => parameter.Name is "take" or "pageSize" or "batchSize" ? 100 : 0,
            _ when type == typeof(DateTime) => DateTime.UtcNow.AddDays(1),
            _ when type == typeof(DateTimeOffset) => DateTimeOffset.UtcNow.AddDays(1),
            _ when type == typeof(Stream) => Track(streams),
            _ when type == typeof(ReportFilter) => new ReportFilter(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)), DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1))),
            _ when type.IsGenericType && type.GetGenericTypeDefinition() is var open
                && (open == typeof(IReadOnlyList<>) || open == typeof(IReadOnlyCollection<>) || open == typeof(IEnumerable<>)) => Array.CreateInstance(type.GetGenericArguments()[0], 0),
            _ when type.IsValueType => Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null,
            _ when type.GetConstructor(Type.EmptyTypes) is not null => Activator.CreateInstance(type),
            _ => type.GetConstructors().FirstOrDefault(c => c.GetParameters().All(p => p.HasDefaultValue)) is { } defaults
                ? defaults.Invoke([.. defaults.GetParameters().Select(p => p.DefaultValue)])
                : null,
        };
    }

    private static MemoryStream Track(List<MemoryStream> streams)
    {
        var stream = new MemoryStream();
        streams.Add(stream);
        return stream;
    }

    private static async Task<object?> ResultAsync(object? returned)
    {
        if (returned is Task task)
        {
            await task;
            return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
        }
        var asyncItems = returned?.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));
        if (asyncItems is not null)
        {
            var drain = typeof(ActionInvoker).GetMethod(nameof(DrainAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(asyncItems.GetGenericArguments()[0]);
            return await (Task<List<object?>>)drain.Invoke(null, [returned])!;
        }
        return returned;
    }

    private static async Task<List<object?>> DrainAsync<T>(IAsyncEnumerable<T> items)
    {
        var all = new List<object?>();
        await foreach (var item in items)
        {
            all.Add(item);
        }
        return all;
    }

    private static string Serialize(object? result)
    {
        try
        {
            return JsonSerializer.Serialize(result, Json);
        }
        catch (Exception e) when (e is NotSupportedException or JsonException or InvalidOperationException)
        {
            return result?.ToString() ?? "";
        }
    }
}
