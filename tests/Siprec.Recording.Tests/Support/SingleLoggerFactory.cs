using Microsoft.Extensions.Logging;

namespace Siprec.Recording.Tests.Support;

/// <summary>Hands the same logger to every category, so a test sees what a part that takes a factory logs.</summary>
internal sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => logger;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
