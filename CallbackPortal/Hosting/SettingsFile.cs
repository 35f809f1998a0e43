using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace CallbackPortal.Hosting;

/// <summary>
/// Finds the one <c>appsettings.json</c> at the repository root, whatever the working directory,
/// and places it in the configuration below environment variables and the command line so those still win.
/// </summary>
public static class SettingsFile
{
    public const string FileName = "appsettings.json";
    private const string SolutionFileName = "CallbackPortal.sln";
    private const string ProjectFolderName = "CallbackPortal";

    /// <summary>The folder holding the settings file: the repository root when running from source, else the binaries' folder.</summary>
    public static string LocateRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)) && File.Exists(Path.Combine(dir.FullName, FileName)))
                {
                    return dir.FullName;
                }
            }
        }
        return AppContext.BaseDirectory;
    }

    /// <summary>The web project's folder when running from source (for wwwroot and relative data paths), else the binaries' folder.</summary>
    public static string ContentRoot(string settingsRoot)
    {
        var project = Path.Combine(settingsRoot, ProjectFolderName);
        return File.Exists(Path.Combine(project, ProjectFolderName + ".csproj")) ? project : AppContext.BaseDirectory;
    }

    /// <summary>Adds the root settings file just before the environment variables, replacing any content-root copy.</summary>
    public static void AddRootSettings(this ConfigurationManager configuration, string settingsRoot)
    {
        var sources = configuration.Sources;
        for (var i = sources.Count - 1; i >= 0; i--)
        {
            if (sources[i] is JsonConfigurationSource { Path: FileName })
            {
                sources.RemoveAt(i);
            }
        }
        var root = new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(settingsRoot),
            Path = FileName,
            Optional = false,
            ReloadOnChange = false,
        };
        var firstOverride = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
        sources.Insert(firstOverride < 0 ? 0 : firstOverride, root);
    }
}
