using System.Security.Cryptography;

namespace CallbackPortal.Telephony.Simulator;

/// <summary>
/// The simulator's account, made from random bytes at start-up and kept in memory only. The simulator and the
/// adapter run in the same process, so nothing else ever needs the token: there is nothing to store, to configure
/// or to leak, and a restart simply makes a new one.
/// </summary>
public sealed class CarrierSimulatorCredentials
{
    public string AccountSid { get; } = "AC" + RandomNumberGenerator.GetHexString(32, lowercase: true);

    public string AuthToken { get; } = RandomNumberGenerator.GetHexString(32, lowercase: true);
}
