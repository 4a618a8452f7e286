namespace Siprec.Sip.Sdp;

/// <summary>One <c>a=name[:value]</c> line; <see cref="Value"/> is null for property attributes such as <c>a=sendonly</c>.</summary>
public sealed record SdpAttribute(string Name, string? Value = null)
{
    /// <inheritdoc/>
    public override string ToString() => Value is null ? Name : string.Concat(Name, ":", Value);
}
