# An ActiveRecord (Rails 6.1, Debian ruby-activerecord + ruby-pg) app: a migration
# with create_table / add_index / add_column / rename_column /
# change_column_default, then everyday queries and schema introspection.
# Run by tests/cluster/test_activerecord.py: ruby activerecord_app.rb PORT USER
# against a database "ardb"; its output must be what PostgreSQL 15 gives.
require "active_record"
port, user = ARGV[0].to_i, ARGV[1]
ActiveRecord::Base.establish_connection(adapter: "postgresql", host: "127.0.0.1", port: port, username: user, database: "ardb")
ActiveRecord::Migration.verbose = false
class CreateAll < ActiveRecord::Migration[6.1]
  def change
    create_table :authors do |t|
      t.string :name, null: false
      t.jsonb :meta, default: {}
      t.timestamps
    end
    add_index :authors, :name, unique: true
    create_table :posts do |t|
      t.references :author, foreign_key: true
      t.string :title
      t.text :body
      t.integer :views, default: 0
      t.decimal :score, precision: 5, scale: 2
      t.string :tags, array: true, default: []
      t.timestamps
    end
    add_column :posts, :published, :boolean, default: false
    rename_column :posts, :body, :content
    change_column_default :posts, :views, from: 0, to: 1
  end
end
CreateAll.migrate(:up)
class Author < ActiveRecord::Base; has_many :posts, dependent: :destroy; end
class Post < ActiveRecord::Base; belongs_to :author; end
a = Author.create!(name: "ann", meta: {"x" => 1})
b = Author.create!(name: "bob")
a.posts.create!(title: "t1", content: "c", score: 1.5, tags: ["a", "b"])
a.posts.create!(title: "t2", views: 5)
b.posts.create!(title: "t3")
puts Author.joins(:posts).group("authors.name").order("authors.name").count.inspect
puts Post.where("'a' = ANY(tags)").pluck(:title).inspect
puts Post.order(:id).pluck(:views, :published).inspect
puts Author.where("meta->>'x' = ?", "1").pluck(:name).inspect
begin; Author.create!(name: "ann"); rescue => e; puts e.class; end
Author.transaction { b.update!(name: "bob2"); raise ActiveRecord::Rollback }
puts b.reload.name
Post.upsert_all([{id: 1, title: "t1x", author_id: a.id, created_at: Time.now, updated_at: Time.now}], unique_by: :id)
puts Post.find(1).title
puts Post.limit(2).offset(1).order(:id).pluck(:title).inspect
a.destroy
puts Post.count
puts ActiveRecord::Base.connection.tables.sort.inspect
puts ActiveRecord::Base.connection.columns(:posts).map { |c| [c.name, c.sql_type, c.default, c.null] }.inspect
puts ActiveRecord::Base.connection.indexes(:posts).map { |i| [i.name, i.columns, i.unique] }.inspect
puts ActiveRecord::Base.connection.foreign_keys(:posts).map { |f| [f.to_table, f.column, f.primary_key] }.inspect
puts ActiveRecord::Base.connection.primary_key(:posts)
