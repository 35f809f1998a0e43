using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CallbackPortal.Hosting;

/// <summary>Validates an options section and names each failing key the way an operator writes it (<c>Jobs:WorkerCount</c>).</summary>
public sealed class SectionValidator<TOptions>(string section) : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }
        var failures = results.Select(r =>
        {
            var member = r.MemberNames.FirstOrDefault() ?? "";
            var value = typeof(TOptions).GetProperty(member)?.GetValue(options);
            return $"{section}:{member} = '{value}' {r.ErrorMessage}";
        });
        return ValidateOptionsResult.Fail(failures);
    }
}

public static class ValidatedOptionsExtensions
{
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section));
        return services;
    }

    /// <summary>One line for the console when configuration stops the start-up, or null when the failure is something else.</summary>
    public static string? DescribeConfigurationFailure(Exception exception) => exception switch
    {
        OptionsValidationException e => "Configuration error: " + string.Join("; ", e.Failures),
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            => "Configuration error: " + e.Message,
        ConfigurationException e => "Configuration error: " + e.Message,
        AggregateException e when e.InnerExceptions.Count == 1 => DescribeConfigurationFailure(e.InnerExceptions[0]),
        _ when exception.InnerException is not null => DescribeConfigurationFailure(exception.InnerException),
        _ => null,
    };
}

/// <summary>A configuration value that cannot be used, named by its key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
