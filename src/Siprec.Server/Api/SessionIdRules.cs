namespace Siprec.Server.Api;

/// <summary>What a session id in a URL may be: 1 to 256 characters, none of them a control character.</summary>
public static class SessionIdRules
{
    /// <summary>Longest accepted id.</summary>
    public const int MaxLength = 256;

    /// <summary>Null when <paramref name="id"/> is acceptable, else why it is not.</summary>
    public static string? Check(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0)
        {
            return "invalid session id: empty";
        }

        if (id.Length > MaxLength)
        {
            return $"invalid session id: longer than {MaxLength} characters";
        }

        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                return "invalid session id: contains a control character";
            }
        }

        return null;
    }
}
