namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>A fact that needs libopus; skipped with the reason when it cannot be loaded.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpusFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when libopus is missing.</summary>
    public OpusFactAttribute()
    {
        Skip = OpusLibrary.MissingReason;
    }
}
