using CallbackPortal.PublicApi;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CallbackPortal.Access;

/// <summary>Endpoint metadata: the endpoint needs an API key holding this scope.</summary>
public sealed record ApiKeyScopeMetadata(string Scope);

/// <summary>
/// Integration endpoints are called by programs with <c>Authorization: Bearer cbk_…</c>, never with the portal's
/// cookie. A missing, unknown, revoked or expired key is a 401 problem; a key without the endpoint's scope a 403.
/// </summary>
public static class ApiKeyAuthentication
{
    public const string SchemeName = "ApiKey";
    public const string CallerItemKey = "callbackportal.api-key";

    /// <summary>Only callers presenting a valid key with <paramref name="scope"/> reach the endpoint.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ApiKeyScopeMetadata(scope));
        return builder.AddEndpointFilter(new ApiKeyFilter(scope));
    }

    /// <summary>Describes the key in the OpenAPI document, on every operation that needs one.</summary>
    public static OpenApiOptions AddApiKeySecurity(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key made on the portal's API keys page: `Authorization: Bearer cbk_…`.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<ApiKeyScopeMetadata>().FirstOrDefault() is { } required)
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
                operation.Description = $"Needs an API key with the `{required.Scope}` scope.";
            }
            return Task.CompletedTask;
        });
        return options;
    }

    private sealed class ApiKeyFilter(string scope) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (PresentedKey(http.Request) is not { } presented)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return ApiProblems.Problem("api-key-missing", "Send an API key as 'Authorization: Bearer cbk_…'.");
            }
            var check = await http.RequestServices.GetRequiredService<ApiKeyStore>().VerifyAsync(presented, http.RequestAborted);
            if (check.Key is not { } key)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                return ApiProblems.Problem("api-key-invalid", check.Refusal ?? "This API key is not valid.");
            }
            if (!key.Scopes.Contains(scope))
            {
                return ApiProblems.Problem("api-key-scope", $"The key '{key.Prefix}…' does not have the '{scope}' scope this endpoint needs.");
            }
            http.Items[CallerItemKey] = key;
            return await next(context);
        }

        private static string? PresentedKey(HttpRequest request)
        {
            var header = request.Headers.Authorization.ToString();
            const string Bearer = "Bearer ";
            if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            var key = header[Bearer.Length..].Trim();
            return key.Length == 0 ? null : key;
        }
    }
}
