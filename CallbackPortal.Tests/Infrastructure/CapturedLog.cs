using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace CallbackPortal.Tests.Infrastructure;

/// <summary>One entry the app logged as an error, or with an exception attached.</summary>
public sealed record CapturedLogEntry(LogLevel Level, string Category, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message}" + (Exception is null ? "" : $" [{Exception.GetType().Name}: {Exception.Message}]");
}

/// <summary>
/// A logger provider for a test host that keeps what would mean a request went wrong on the server: entries at Error
/// or above, and any entry carrying an exception. Warnings without one (a refused signature, say) are the app doing its job.
/// </summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> failures = new();
    private readonly StrongBox<int> warnings = new();

    public IReadOnlyList<CapturedLogEntry> Failures => [.. failures];

    /// <summary>Warnings without an exception: shows the log was listened to at all.</summary>
    public int Warnings => Volatile.Read(ref warnings.Value);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, failures, warnings);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLogEntry> failures, StrongBox<int> warnings) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error || (exception is not null && logLevel >= LogLevel.Warning))
            {
                failures.Enqueue(new CapturedLogEntry(logLevel, category, formatter(state, exception), exception));
            }
            else if (logLevel == LogLevel.Warning)
            {
                Interlocked.Increment(ref warnings.Value);
            }
        }
    }
}
