using CallbackPortal.Access;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallbackPortal.Tests.PublicApi.Captcha;

public class SecretProtectorTests
{
    [Fact]
    public void ASecretIsStoredProtectedAndReadBack()
    {
        var protector = new SecretProtector(DataProtectionProvider.Create(new DirectoryInfo(TempFiles.NewFolder())), NullLogger<SecretProtector>.Instance);

        var stored = protector.Protect("0x4AAAAAAABkMYinukE8nzYS");

        Assert.DoesNotContain("0x4AAAAAAABkMYinukE8nzYS", stored, StringComparison.Ordinal);
        Assert.Equal("0x4AAAAAAABkMYinukE8nzYS", protector.Unprotect(stored));
    }

    [Fact]
    public void ASecretThatCannotBeReadIsNull()
    {
        var mine = new SecretProtector(DataProtectionProvider.Create(new DirectoryInfo(TempFiles.NewFolder())), NullLogger<SecretProtector>.Instance);
        var another = new SecretProtector(DataProtectionProvider.Create(new DirectoryInfo(TempFiles.NewFolder())), NullLogger<SecretProtector>.Instance);

        Assert.Null(mine.Unprotect(another.Protect("secret")));
        Assert.Null(mine.Unprotect("not protected at all"));
        Assert.Null(mine.Unprotect(null));
        Assert.Null(mine.Unprotect(""));
    }

    [Theory]
    [InlineData("0x4AAAAAAABkMYinukE8nzYSabcd", "••••abcd")]
    [InlineData("short", "••••")]
    [InlineData("12345678", "••••")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void AMaskShowsAtMostTheLastFourCharacters(string? plain, string masked) =>
        Assert.Equal(masked, SecretProtector.Mask(plain));
}
