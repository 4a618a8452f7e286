using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Siprec.Server.Observability;

namespace Siprec.Server.Tests.Support;

/// <summary>Keeps every log record as the JSON line the console formatter would write.</summary>
public sealed class CapturingLoggerProvider(TimeProvider time) : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(JsonLogLine.Format(
                logLevel, category, formatter(state, exception), owner._time.GetUtcNow(), state as IEnumerable<KeyValuePair<string, object?>>, exception));
    }

    private readonly TimeProvider _time = time;
}
