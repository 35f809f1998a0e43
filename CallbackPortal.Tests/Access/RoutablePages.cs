using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace CallbackPortal.Tests.Access;

public sealed record RoutablePage(Type Component, string Template, string? Policy, bool Anonymous)
{
    /// <summary>A concrete URL for the template (route parameters filled with plausible values).</summary>
    public string SampleUrl => System.Text.RegularExpressions.Regex.Replace(Template, "\\{[^}]+\\}", m => m.Value.Contains(":int") ? "404"
        : m.Value.Contains(":guid") ? "00000000-0000-0000-0000-000000000404" : "sample");

    public override string ToString() => Template;
}

/// <summary>Every page the router can reach, found by reflection so a new page cannot escape the checks.</summary>
public static class RoutablePages
{
    public static IReadOnlyList<RoutablePage> All { get; } = Discover();

    private static List<RoutablePage> Discover() =>
    [
        .. typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => new RoutablePage(
                t,
                r.Template,
                t.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Select(a => a.Policy).FirstOrDefault(p => p is not null),
                t.GetCustomAttribute<AllowAnonymousAttribute>(inherit: true) is not null)))
            .OrderBy(p => p.Template),
    ];

    public static bool HasAuthorize(Type component) => component.GetCustomAttributes<AuthorizeAttribute>(inherit: true).Any();
}
