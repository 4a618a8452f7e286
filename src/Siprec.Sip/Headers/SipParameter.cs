namespace Siprec.Sip.Headers;

/// <summary>One <c>name[=value]</c> parameter of a header or URI; <see cref="Value"/> is unquoted, <see cref="IsQuoted"/> says how it is written.</summary>
public sealed record SipParameter(string Name, string? Value = null, bool IsQuoted = false)
{
    /// <inheritdoc/>
    public override string ToString() => Value is null
        ? Name
        : IsQuoted ? string.Concat(Name, "=", Grammar.SipQuoting.Quote(Value)) : string.Concat(Name, "=", Value);
}
