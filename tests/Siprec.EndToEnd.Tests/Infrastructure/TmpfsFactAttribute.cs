namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>An integration fact that mounts a small tmpfs; skipped, saying why, unless the tests run as root.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class TmpfsFactAttribute : FactAttribute
{
    /// <summary>Sets Skip when the integration is not wired or the process cannot mount.</summary>
    public TmpfsFactAttribute()
    {
        if (!ServerIntegration.IsWired)
            Skip = ServerIntegration.SkipReason;
        else if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            Skip = "Mounting a small tmpfs to fill the recording disk needs root on Linux; run the suite as root to test a full disk.";
    }
}
