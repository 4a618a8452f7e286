using System.Collections;
using System.Text;
using Siprec.Sip.Grammar;

namespace Siprec.Sip.Headers;

/// <summary>
/// An immutable, ordered list of parameters with case-insensitive lookup by name. Equality is by content and order
/// (names ignoring case, values exactly), which makes the records holding it compare by value.
/// </summary>
public sealed class SipParameters : IReadOnlyList<SipParameter>, IEquatable<SipParameters>
{
    private readonly SipParameter[] _items;

    /// <summary>The empty parameter list.</summary>
    public static SipParameters Empty { get; } = new([]);

    /// <summary>Creates a list holding <paramref name="items"/> in order.</summary>
    public SipParameters(IEnumerable<SipParameter> items) => _items = [.. items];

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public SipParameter this[int index] => _items[index];

    /// <summary>True when a parameter named <paramref name="name"/> is present (with or without a value).</summary>
    public bool Contains(string name) => Find(name) is not null;

    /// <summary>The value of the first parameter named <paramref name="name"/>; null when absent or valueless.</summary>
    public string? Get(string name) => Find(name)?.Value;

    /// <summary>The first parameter named <paramref name="name"/>, or null.</summary>
    public SipParameter? Find(string name)
    {
        foreach (var item in _items)
        {
            if (string.Equals(item.Name, name, StringComparison.OrdinalIgnoreCase))
                return item;
        }
        return null;
    }

    /// <summary>A copy where the parameter named <paramref name="name"/> is replaced (in place) or appended.</summary>
    public SipParameters With(string name, string? value, bool quoted = false)
    {
        var replacement = new SipParameter(name, value, quoted);
        var list = new List<SipParameter>(_items.Length + 1);
        var replaced = false;
        foreach (var item in _items)
        {
            if (!replaced && string.Equals(item.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                list.Add(replacement);
                replaced = true;
            }
            else
            {
                list.Add(item);
            }
        }
        if (!replaced)
            list.Add(replacement);
        return new SipParameters(list);
    }

    /// <summary>A copy without any parameter named <paramref name="name"/>.</summary>
    public SipParameters Without(string name) =>
        new(_items.Where(p => !string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Writes each parameter preceded by <paramref name="separator"/>.</summary>
    public void WriteTo(StringBuilder builder, char separator = ';')
    {
        foreach (var item in _items)
        {
            builder.Append(separator);
            builder.Append(item.Name);
            if (item.Value is null)
                continue;
            builder.Append('=');
            builder.Append(item.IsQuoted ? SipQuoting.Quote(item.Value) : item.Value);
        }
    }

    /// <inheritdoc/>
    public bool Equals(SipParameters? other)
    {
        if (other is null || other._items.Length != _items.Length)
            return false;
        for (var i = 0; i < _items.Length; i++)
        {
            var mine = _items[i];
            var theirs = other._items[i];
            if (!string.Equals(mine.Name, theirs.Name, StringComparison.OrdinalIgnoreCase) || mine.Value != theirs.Value)
                return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as SipParameters);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item.Name, StringComparer.OrdinalIgnoreCase);
            hash.Add(item.Value);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }

    /// <inheritdoc/>
    public IEnumerator<SipParameter> GetEnumerator() => ((IEnumerable<SipParameter>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <summary>
    /// Parses <c>;name[=value]</c> items (the text starts at the first separator or is empty).
    /// Values may be quoted when <paramref name="allowQuoted"/>; whitespace around separators is tolerated.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<char> text, char separator, bool allowQuoted, out SipParameters parameters)
    {
        parameters = Empty;
        text = SipCharacters.TrimWhitespace(text);
        if (text.IsEmpty)
            return true;
        var list = new List<SipParameter>();
        while (!text.IsEmpty)
        {
            if (text[0] != separator)
                return false;
            text = SipCharacters.TrimWhitespace(text[1..]);
            var nameEnd = 0;
            while (nameEnd < text.Length && text[nameEnd] != '=' && text[nameEnd] != separator && !SipCharacters.IsWhitespace(text[nameEnd]))
                nameEnd++;
            var name = text[..nameEnd];
            if (!IsParameterName(name))
                return false;
            text = SipCharacters.TrimWhitespace(text[nameEnd..]);
            if (text.IsEmpty || text[0] == separator)
            {
                list.Add(new SipParameter(name.ToString()));
                continue;
            }
            if (text[0] != '=')
                return false;
            text = SipCharacters.TrimWhitespace(text[1..]);
            if (allowQuoted && !text.IsEmpty && text[0] == '"')
            {
                if (!SipQuoting.TryReadQuoted(text, out var quoted, out var consumed))
                    return false;
                list.Add(new SipParameter(name.ToString(), quoted, IsQuoted: true));
                text = SipCharacters.TrimWhitespace(text[consumed..]);
                continue;
            }
            var valueEnd = text.IndexOf(separator);
            var value = SipCharacters.TrimWhitespace(valueEnd < 0 ? text : text[..valueEnd]);
            if (value.IsEmpty || !IsParameterValue(value))
                return false;
            list.Add(new SipParameter(name.ToString(), value.ToString()));
            text = valueEnd < 0 ? [] : text[valueEnd..];
        }
        parameters = new SipParameters(list);
        return true;
    }

    private static bool IsParameterName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
            return false;
        foreach (var c in name)
        {
            if (!SipCharacters.IsToken(c) && c is not ('[' or ']' or '/' or ':' or '&' or '$'))
                return false;
        }
        return true;
    }

    private static bool IsParameterValue(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (c <= ' ' || c is '"' or '<' or '>' or ',' or '\u007f')
                return false;
        }
        return true;
    }
}
