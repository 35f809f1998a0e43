using System.IO.Compression;
using System.Text.RegularExpressions;

namespace CallbackPortal.Tests.Widget;

/// <summary>The widget script as a file: its size budget and the hosts it may talk to.</summary>
public sealed partial class WidgetScriptTests
{
    private static readonly string Script = File.ReadAllText(Path.Combine(RepositoryRoot(), "CallbackPortal", "Widget", "Script", "callback.js"));

    [Fact]
    public void TheScriptWithItsStylesIsAtMostTwentyKilobytesGzipped()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(Script));
        }
        Assert.InRange(compressed.Length, 1_000, 20 * 1024);
    }

    [Fact]
    public void TheOnlyOtherHostsItNamesAreTheThirdPartyCaptchaProviders()
    {
        var hosts = AbsoluteUrl().Matches(Script).Select(m => m.Groups["host"].Value).Distinct().Order().ToList();
        Assert.Equal(["challenges.cloudflare.com", "js.hcaptcha.com", "www.google.com"], hosts);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CallbackPortal.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("CallbackPortal.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("https?://(?<host>[a-z0-9.-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex AbsoluteUrl();
}
