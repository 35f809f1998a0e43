using System.Reflection;
using CallbackPortal.Access;
using CallbackPortal.CallbackList;

namespace CallbackPortal.Tests.Access;

/// <summary>Whether an action changes something (the service checks the permission itself) or reads (the page's policy guards it).</summary>
public enum ActionKind
{
    Change,
    Read,
    /// <summary>Takes an actor to name them, not to act: the audit log's recorder.</summary>
    Recording,
}

public sealed record ActionCase(string Permission, ActionKind Kind);

/// <summary>
/// The feature services' actions pages call, found by reflection: every public method of the app that takes a
/// <see cref="PortalActor"/> or a <see cref="ListReader"/>. <see cref="ActionCases"/> must name each one, so a new action
/// without a row in the matrix fails <see cref="ActionMatrixTests"/>.
/// </summary>
public static class PortalActions
{
    public static IReadOnlyList<MethodInfo> All { get; } =
    [
        .. typeof(Program).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsPublic && t != typeof(PortalActor) && t != typeof(ListReader))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(PortalActor) || p.ParameterType == typeof(ListReader)))
            .OrderBy(NameOf, StringComparer.Ordinal),
    ];

    public static string NameOf(MethodInfo method) => $"{method.DeclaringType!.Name}.{method.Name}";
}
