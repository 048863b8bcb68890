# IdCache remembers the first record id per SalesLoft collection path.
# It is a Hash with defaults; it sends no request.
class IdCache
  def initialize
    @by_path = {}
  end

  def remember(path, records)
    @by_path[path] ||= records.first["id"] unless records.empty?
  end

  def get(path)
    @by_path.fetch(path, 1)
  end
end
