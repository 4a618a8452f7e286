namespace Siprec.Server.Configuration;

/// <summary>Health check thresholds.</summary>
public sealed class HealthOptions
{
    /// <summary>The disk check fails when the recording volume has less free space than this.</summary>
    public DiskSpaceThreshold MinFreeDisk { get; set; } = new(1L << 30, null);
}
