namespace Siprec.Sip.Messages;

/// <summary>SIP method names (RFC 3261 and extensions) as interned constants.</summary>
public static class SipMethods
{
    /// <summary>INVITE.</summary>
    public const string Invite = "INVITE";
    /// <summary>ACK.</summary>
    public const string Ack = "ACK";
    /// <summary>BYE.</summary>
    public const string Bye = "BYE";
    /// <summary>CANCEL.</summary>
    public const string Cancel = "CANCEL";
    /// <summary>OPTIONS.</summary>
    public const string Options = "OPTIONS";
    /// <summary>REGISTER.</summary>
    public const string Register = "REGISTER";
    /// <summary>UPDATE (RFC 3311).</summary>
    public const string Update = "UPDATE";
    /// <summary>INFO (RFC 6086).</summary>
    public const string Info = "INFO";
    /// <summary>PRACK (RFC 3262).</summary>
    public const string Prack = "PRACK";
    /// <summary>SUBSCRIBE (RFC 6665).</summary>
    public const string Subscribe = "SUBSCRIBE";
    /// <summary>NOTIFY (RFC 6665).</summary>
    public const string Notify = "NOTIFY";
    /// <summary>REFER (RFC 3515).</summary>
    public const string Refer = "REFER";
    /// <summary>MESSAGE (RFC 3428).</summary>
    public const string Message = "MESSAGE";
    /// <summary>PUBLISH (RFC 3903).</summary>
    public const string Publish = "PUBLISH";

    private static readonly string[] Known =
        [Invite, Ack, Bye, Cancel, Options, Register, Update, Info, Prack, Subscribe, Notify, Refer, Message, Publish];

    /// <summary>Returns the constant for a known method (case-sensitive, as RFC 3261 requires) or a new string.</summary>
    internal static string Intern(ReadOnlySpan<char> method)
    {
        foreach (var known in Known)
        {
            if (method.SequenceEqual(known))
                return known;
        }
        return method.ToString();
    }

    /// <summary>Returns the constant for a known method or a new string, from ASCII bytes.</summary>
    internal static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var known in Known)
        {
            if (method.Length == known.Length && System.Text.Ascii.Equals(method, known))
                return known;
        }
        return System.Text.Encoding.ASCII.GetString(method);
    }
}
