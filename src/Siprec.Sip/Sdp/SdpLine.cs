namespace Siprec.Sip.Sdp;

/// <summary>A line kept as text because the model has no field for it (<c>u=</c>, <c>e=</c>, <c>p=</c>, <c>r=</c>, <c>z=</c>, <c>k=</c>, unknown types).</summary>
public sealed record SdpLine(char Type, string Value)
{
    /// <inheritdoc/>
    public override string ToString() => string.Concat(Type.ToString(), "=", Value);
}
