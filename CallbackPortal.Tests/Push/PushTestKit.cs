using System.Buffers.Text;
using System.Security.Cryptography;
using CallbackPortal.Access;
using CallbackPortal.Push;
using CallbackPortal.Services;
using CallbackPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CallbackPortal.Tests.Push;

/// <summary>A browser's side of a push subscription: its P-256 key pair and auth secret, to decrypt what the server sends.</summary>
public sealed class TestSubscriber : IDisposable
{
    public ECDiffieHellman Key { get; } = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    public byte[] AuthSecret { get; } = RandomNumberGenerator.GetBytes(16);
    public string Endpoint { get; }

    public TestSubscriber(string endpoint) => Endpoint = endpoint;

    public string P256dh => Base64Url.EncodeToString(WebPushEncryption.Point(Key));
    public string Auth => Base64Url.EncodeToString(AuthSecret);

    /// <summary>What <c>PushSubscription.toJSON()</c> gives, as the API takes it under <c>webPush</c>.</summary>
    public object WebPushBody => new { webPush = new { endpoint = Endpoint, keys = new { p256dh = P256dh, auth = Auth } } };

    public byte[] Decrypt(byte[] body) => WebPushDecryption.Decrypt(body, Key, AuthSecret);

    public void Dispose() => Key.Dispose();
}

/// <summary>Services with push turned on, their keys generated and stored protected as the push page stores them.</summary>
public static class PushServices
{
    public const string Subject = "mailto:push@shop.example";

    /// <summary>Turns Web Push on with a fresh VAPID pair; returns the pair (the test checks tokens with its public half).</summary>
    public static VapidKeyPair EnableWebPush(PortalHost host, CallbackService service)
    {
        var pair = VapidKeys.Generate();
        var secrets = host.Services.GetRequiredService<SecretProtector>();
        service.Push.WebPushEnabled = true;
        service.Push.VapidPublicKey = pair.PublicKey;
        service.Push.VapidPrivateKeyProtected = secrets.Protect(pair.PrivateKeyPkcs8);
        service.Push.VapidSubject = Subject;
        return pair;
    }
}
