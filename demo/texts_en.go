package demo

// enText holds the English phrases, as written by the many residents of
// Brussels whose common language is English; streets keep their French names.
var enText = langText{
	cats: map[string]catText{
		"pothole": {
			titles: []string{
				"Pothole {at}",
				"Dangerous pothole outside no. {nr}, {street}",
				"Hole{where} {at}",
			},
			what: []string{
				"Deep pothole outside no. {nr}, {street}|There is a fairly deep pothole{where} {at}, outside no. {nr}.",
				"Pothole getting bigger {landmark}|A hole has opened up{where} {landmark} and it gets bigger every time it rains.",
				"Pothole everyone swerves around {at}|{At} there is a pothole{where} that everyone has to swerve around.",
				"Pothole hidden by water {corner}|{Corner} there is a pothole{where} that you cannot see when it is full of water.",
				"Surface has given way {at}|The surface has given way{where} {at}; the hole is a good ten centimetres deep.",
			},
			more: []string{
				"Cyclists have to move out into the middle of the road to avoid it.",
				"Several cars have already hit it.",
				"At night you cannot see it at all.",
				"It has been there {since} and keeps getting bigger.",
			},
			variants: map[string]catText{
				"sidewalk": {more: []string{
					"It is easy to twist an ankle in it.",
					"With a pushchair you have to step into the road to get around it.",
					"An elderly lady nearly fell yesterday.",
				}},
				"bike_lane": {more: []string{
					"On a bike you only see it at the last moment.",
					"A cyclist almost came off in front of me this morning.",
					"You have to swerve into the traffic to avoid it, which is dangerous.",
				}},
			},
		},
		"road_surface": {
			titles: []string{
				"Damaged road surface {at}",
				"Crumbling surface {landmark}",
			},
			what: []string{
				"Cracked surface {at}|The surface{whereOf} is cracked for several metres {at}.",
				"Loose cobbles outside no. {nr}, {street}|{At} the cobbles{whereOf} are loose and a few have already come out.",
				"Tarmac breaking up {landmark}|The tarmac{whereOf} is breaking up {landmark} and there is gravel everywhere.",
				"Deep ruts {corner}|{Corner} deep ruts have formed{where}.",
				"Sunken trench {at}|Since last year's roadworks the trench{where} {at} has sunk.",
			},
			more: []string{
				"When it rains, water collects in the dips.",
				"The noise of cars driving over it is getting unbearable for residents.",
				"It gets worse week by week.",
				"Anyone on two wheels really has to be careful.",
			},
		},
		"sidewalk": {
			titles: []string{
				"Pavement in poor condition {at}",
				"Damaged pavement outside no. {nr}, {street}",
			},
			what: []string{
				"Raised paving slabs outside no. {nr}, {street}|Several paving slabs are sticking up {at}, outside no. {nr}.",
				"Pavement lifted by tree roots {landmark}|Tree roots have pushed up the pavement {landmark}.",
				"Missing paving stones {at}|{Corner} paving stones are missing and the hole is deep.",
				"Sunken pavement {at}|{At} the pavement has sunk over a few metres.",
				"Broken kerbstone {at}|A kerbstone is broken and pieces are lying on the pavement {at}.",
			},
			more: []string{
				"Not urgent, but it is getting worse.",
				"It should be levelled before someone falls.",
				"You can still get past if you are careful.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Someone has already tripped; it is really dangerous after dark.",
					"Older neighbours walk in the road to avoid it.",
					"With a pushchair or a wheelchair you cannot get over it.",
				}},
			},
		},
		"streetlight_out": {
			titles: []string{
				"Street lighting not working {at}",
				"Street light out outside no. {nr}, {street}",
			},
			what: []string{
				"Dead street light opposite no. {nr}, {street}|The street light opposite no. {nr} {at} no longer comes on.",
				"Street in darkness {at}|{At} the street lighting has been off for several evenings.",
				"Flickering street light {landmark}|The lamp {landmark} flickers all night.",
				"Junction in darkness {at}|{Corner} it is completely dark.",
				"Light on by day, off at night {at}|The light {at} stays on during the day but goes off as soon as it gets dark.",
			},
			more: []string{
				"Walking home in the evening does not feel safe.",
				"Lots of children walk through here on their way home from school.",
				"Drivers cannot see people crossing.",
				"This has been going on {since}.",
			},
		},
		"lamp_post": {
			titles: []string{
				"Damaged lamp post {at}",
				"Lamp post damaged {landmark}",
			},
			what: []string{
				"Leaning lamp post {at}|The lamp post {at} was hit by a car and is leaning dangerously.",
				"Open hatch on a lamp post {landmark}|The hatch at the foot of the lamp post {landmark} is open and you can see the wires.",
				"Lamp post bent double outside no. {nr}, {street}|{At} a lamp post has been bent double after a collision.",
				"Rusted lamp post wobbling {at}|{Corner} the lamp post has rusted through at the base and wobbles when you touch it.",
			},
			more: []string{
				"Children play right next to it.",
				"Electrical wires are exposed, which is dangerous.",
				"Someone put tape around it, but it has been torn off.",
			},
		},
		"traffic_light": {
			titles: []string{
				"Traffic light fault {at}",
				"Traffic lights not working {landmark}",
			},
			what: []string{
				"Traffic lights off {corner}|{Corner} the traffic lights are completely off.",
				"Pedestrian light stuck on red {at}|The pedestrian light {at} stays red; it never turns green.",
				"Lights flashing amber {at}|{At} the light has been flashing amber since this morning and drivers are going whenever they like.",
				"Crossing push button broken {landmark}|The push button of the pedestrian crossing {landmark} no longer works.",
				"Bike traffic light broken {at}|The cycle signal {at} is broken and hanging from its cable.",
			},
			more: []string{
				"The junction is very dangerous at rush hour.",
				"Children cross here on their way to school.",
				"I saw two near misses in ten minutes.",
			},
		},
		"traffic_sign": {
			titles: []string{
				"Damaged road sign {at}",
				"Road sign problem {landmark}",
			},
			what: []string{
				"Stop sign missing {corner}|{Corner} the stop sign is gone; only the post is left.",
				"Fallen road sign {at}|A road sign is lying flat on the pavement {at}.",
				"No-entry sign turned {at}|{At} the no-entry sign has been turned and drivers can no longer see it.",
				"Unreadable road sign {landmark}|The sign {landmark} is covered in stickers and impossible to read.",
				"30 zone sign bent {at}|A 30 zone sign was bent by a lorry {at}.",
			},
			more: []string{
				"Drivers no longer know who has priority.",
				"Cars are driving into the street the wrong way.",
				"The post sticks out and gets in pedestrians' way.",
			},
		},
		"road_markings": {
			titles: []string{
				"Faded road markings {at}",
				"Markings worn away {landmark}",
			},
			what: []string{
				"Zebra crossing almost gone {landmark}|The zebra crossing {landmark} has almost disappeared.",
				"Lines worn away {at}|{At} the lines on the road are completely worn away.",
				"Bike lane markings gone {at}|The bike lane markings have gone {at} since the roadworks.",
				"No stop line {corner}|{Corner} there is no stop line any more, so cars stop in the middle of the crossing.",
			},
			more: []string{
				"At night and in the rain you cannot see anything.",
				"Lots of children cross here.",
				"Cars no longer stop for pedestrians.",
			},
		},
		"bike_lane": {
			titles: []string{
				"Bike lane blocked {at}",
				"Bike lane problem outside no. {nr}, {street}",
			},
			what: []string{
				"Cars parked in the bike lane {at}|Cars are parked in the bike lane {at} all the time.",
				"Broken glass in the bike lane {landmark}|The bike lane {landmark} is covered in broken glass.",
				"Roadworks blocking the bike lane {at}|{At} roadworks block the bike lane with no diversion.",
				"Bike lane full of holes {corner}|{Corner} the bike lane surface is full of holes.",
				"Skips in the bike lane {at}|Skips have been left in the bike lane {at}.",
			},
			more: []string{
				"Cyclists have to ride in the middle of the traffic.",
				"I have had two punctures this week.",
				"With children on bikes it is really dangerous.",
			},
		},
		"transit_stop": {
			titles: []string{
				"Damaged STIB stop {at}",
				"Bus stop damaged {landmark}",
			},
			what: []string{
				"Smashed bus shelter glass {at}|The glass of the shelter {at} is smashed and there are shards everywhere.",
				"Departure screen blank {landmark}|The screen showing the next departures is blank at the stop {landmark}.",
				"Bench ripped out at the stop {at}|{At} the bench in the bus shelter has been ripped out.",
				"Stop pole knocked over {corner}|{Corner} the stop sign pole has been knocked over.",
				"Tram shelter without a roof {at}|The tram shelter {at} has had no roof since the storm.",
			},
			more: []string{
				"People wait in the rain.",
				"There is broken glass on the ground; careful with children.",
				"Lots of older people use this stop.",
			},
		},
		"bollard": {
			titles: []string{
				"Damaged bollard {at}",
				"Bollard problem {landmark}",
			},
			what: []string{
				"Bollard ripped out outside no. {nr}, {street}|A bollard has been ripped out {at}, leaving a hole in the pavement.",
				"Missing bollards {at}|{At} several bollards have gone and cars drive up onto the pavement.",
				"Bollard lying on the pavement {landmark}|A bollard is lying on the pavement {landmark}.",
				"Bent bollard {corner}|{Corner} a bollard was flattened by a van.",
			},
			more: []string{
				"Cars are parking on the pavement again.",
				"The metal stub sticking out is dangerous for pedestrians.",
				"Blind and partially sighted people could trip over it.",
			},
		},
		"abandoned_vehicle": {
			titles: []string{
				"Abandoned car {at}",
				"Abandoned vehicle {landmark}",
			},
			what: []string{
				"Car not moved for weeks {at}|A car has been parked in the same spot {at} {since}; the tyres are flat.",
				"Wrecked car without plates {at}|{At} a wrecked car with no plates is taking up a parking space.",
				"Dusty van not moved {landmark}|A dusty van has not moved {since} {landmark}.",
				"Car with smashed windows {corner}|{Corner} a car with smashed windows has been abandoned.",
			},
			more: []string{
				"It is full of rubbish.",
				"There are several parking tickets under the wiper.",
				"People are starting to leave their bin bags next to it.",
			},
			variants: map[string]catText{
				"bike": {
					titles: []string{
						"Abandoned bike {at}",
						"Bike wreck {landmark}",
					},
					what: []string{
						"Bike without wheels outside no. {nr}, {street}|A bike with no wheels has been locked to the rack {at} {since}.",
						"Rusty bike frame {at}|{At} a rusty bike frame is taking up a bike rack.",
						"Stripped bike {landmark}|A stripped bike is locked to the post {landmark}.",
					},
					more: []string{
						"It takes up a space that is badly needed.",
						"Only the frame and the saddle are left.",
						"Parts of it are scattered over the pavement.",
					},
				},
				"scooter": {
					titles: []string{
						"Abandoned e-scooter {at}",
						"E-scooter in the way {landmark}",
					},
					what: []string{
						"E-scooter across the pavement {at}|A shared e-scooter is lying across the pavement {at}.",
						"E-scooters knocked over {at}|{At} three e-scooters are lying on the ground in front of a building entrance.",
						"E-scooter left behind {landmark}|An e-scooter has been left {landmark} {since}.",
					},
					more: []string{
						"Wheelchair users cannot get past.",
						"A partially sighted person tripped over it.",
						"It is not even in a permitted parking zone.",
					},
				},
			},
		},
		"accessibility_barrier": {
			titles: []string{
				"Obstacle for wheelchair users {at}",
				"Inaccessible pavement {landmark}",
			},
			what: []string{
				"No dropped kerb {corner}|{Corner} the kerb at the pedestrian crossing has not been lowered.",
				"Missing tactile paving {at}|{At} there is no tactile paving at the pedestrian crossing.",
				"Advertising board blocking the pavement {landmark}|An advertising board stands in the middle of the pavement {landmark}, leaving barely 60 cm to get past.",
				"Access ramp too steep {landmark}|The access ramp {landmark} is too steep and damaged.",
				"Terraces across the whole pavement {at}|Café terraces take up the whole pavement {at}.",
			},
			more: []string{
				"You cannot get through in a wheelchair without help.",
				"Blind people cannot tell where the crossing starts.",
				"With a double pushchair you have to go into the road.",
			},
		},
		"oil_spill": {
			titles: []string{
				"Oil on the road {at}",
				"Slippery road {landmark}",
			},
			what: []string{
				"Trail of oil {at}|A long trail of oil runs along the road {at}.",
				"Diesel spill outside no. {nr}, {street}|{At} a lorry has lost diesel over several dozen metres.",
				"Very slippery road {corner}|{Corner} the road is very slippery; it looks like oil.",
				"Oil after an accident {landmark}|A pool of oil has formed {landmark} after an accident.",
			},
			more: []string{
				"A moped has already skidded.",
				"With the rain it is like an ice rink.",
				"It needs sand on it as soon as possible.",
			},
		},
		"ice_snow": {
			titles: []string{
				"Snow or ice {at}",
				"Black ice {landmark}",
			},
			what: []string{
				"Icy pavement {at}|{At} the pavement is a sheet of ice and nobody has gritted it.",
				"Snow-covered bike lane {at}|{At} the bike lane has not been cleared and the snow has turned to ice.",
				"Icy pedestrian crossing {corner}|{Corner} the pedestrian crossing is covered in black ice.",
				"Snow blocking the pavement {landmark}|Snow has been pushed onto the pavement {landmark} and blocks the way.",
			},
			more: []string{
				"I saw two people fall this morning.",
				"Older people no longer dare to go out.",
				"The other streets nearby have been gritted, but not this one.",
			},
		},
		"dangerous_tree": {
			titles: []string{
				"Dangerous tree {at}",
				"Tree or branch to make safe {landmark}",
			},
			what: []string{
				"Broken branch over the pavement {at}|A big branch broke off in the wind and is hanging over the pavement {at}.",
				"Fallen tree outside no. {nr}, {street}|{At} a tree has fallen across the pavement.",
				"Tree leaning more and more {landmark}|The tree {landmark} is leaning more and more and its roots are lifting the ground.",
				"Dead branch about to fall {corner}|{Corner} a dead branch looks ready to fall.",
			},
			more: []string{
				"It should be dealt with before the next storm.",
				"The branches already touch the first-floor windows.",
				"You can still get round it.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"It could fall on someone at any moment.",
					"The way is completely blocked.",
					"Children walk underneath it on their way to school.",
				}},
			},
		},
		"missing_cover": {
			titles: []string{
				"Damaged drain or manhole cover {at}",
				"Manhole cover to check {landmark}",
			},
			what: []string{
				"Cracked inspection cover {landmark}|The inspection cover {landmark} is cracked and tips when you step on it.",
				"Drain grate out of place {corner}|{Corner} the drain grate has been knocked out of place.",
				"Rattling drain grate {at}|{At} the drain grate is loose and rattles whenever a car drives over it.",
			},
			more: []string{
				"The hole is not open, but it could give way.",
				"It makes a huge noise every time a car drives over it.",
				"It is not dangerous yet, but it should be fixed down.",
			},
			variants: map[string]catText{
				"yes": {
					what: []string{
						"Manhole cover missing {at}|The manhole cover {at} has disappeared and the hole is open.",
						"Drain without a grate outside no. {nr}, {street}|{At} the drain grate has broken in two and fallen into the hole.",
						"Open manhole {landmark}|The inspection cover {landmark} has gone.",
					},
					more: []string{
						"Someone could fall in.",
						"A bike wheel could go straight into it.",
						"Someone put a pallet over it for now, which is not enough.",
					},
				},
			},
		},
		"clogged_drain": {
			titles: []string{
				"Blocked drain {at}",
				"Drain blocked {landmark}",
			},
			what: []string{
				"Drain blocked with leaves {at}|The drain {at} is blocked with leaves and soil.",
				"Huge puddle whenever it rains {at}|{At} the water no longer drains away and a big puddle forms with every shower.",
				"Drains full of rubbish {corner}|{Corner} the drains are full of rubbish.",
				"Smelly drain {landmark}|The drain {landmark} smells bad and the water just sits there.",
			},
			more: []string{
				"Passing cars splash pedestrians.",
				"Water runs into the cellars of the houses.",
				"In winter the puddle turns into an ice rink.",
			},
		},
		"missed_collection": {
			titles: []string{
				"Collection missed {at}",
				"Bags not collected outside no. {nr}, {street}",
			},
			what: []string{
				"White bags not collected {at}|The white bags were not collected {at} even though it was collection day.",
				"Blue bags still out {at}|{At} the blue bags are still on the pavement although the lorry came by.",
				"Torn bin bags {landmark}|Bags have been torn open by animals {landmark} and rubbish is everywhere.",
				"Odd-numbered side missed {at}|The whole street was collected except the odd-numbered side {at}.",
				"Yellow bags not collected {corner}|{Corner} the yellow bag collection was missed.",
			},
			more: []string{
				"Gulls and foxes tear the bags open at night.",
				"In this heat it smells awful.",
				"This is the second time this month.",
				"Rubbish is blowing into the road.",
			},
		},
		"illegal_dumping": {
			titles: []string{
				"Fly-tipping {at}",
				"Rubbish dumped outside no. {nr}, {street}",
				"Dumped waste {landmark}",
			},
			what: []string{
				"Fly-tipping {at}|A pile of rubbish has been dumped {at}.",
			},
			more: []string{
				"The pile gets bigger every day.",
				"It attracts rats.",
				"This is the third time this month in the same spot.",
				"The pavement is completely blocked.",
			},
			variants: map[string]catText{
				"bags": {what: []string{
					"Pile of bin bags {at}|About ten bin bags have been left {at}, on a non-collection day.",
					"Non-regulation bags piling up {at}|{At} non-regulation black bags are piling up at the foot of a tree.",
					"Bags and boxes dumped {landmark}|A pile of bags and cardboard boxes has been dumped {landmark}.",
				}},
				"furniture": {what: []string{
					"Mattress dumped {at}|A mattress and a bed base have been left on the pavement {at}.",
					"Sofa and wardrobe dumped {at}|{At} someone has dumped a sofa, a dismantled wardrobe and some chairs.",
					"Broken furniture dumped {landmark}|Broken furniture has been dumped {landmark}.",
					"Fridge and washing machine dumped {at}|{Corner} a fridge and an old washing machine are sitting on the pavement.",
				}},
				"construction": {what: []string{
					"Rubble dumped {at}|Bags of rubble and plasterboard have been dumped {at}.",
					"Building waste outside no. {nr}, {street}|{At} someone has emptied a van full of building waste.",
					"Bricks and glass wool dumped {landmark}|A heap of bricks, broken tiles and glass wool is lying {landmark}.",
				}},
				"hazardous": {
					what: []string{
						"Drums of oil dumped {at}|Drums of used engine oil have been left {at}.",
						"Leaking paint tins outside no. {nr}, {street}|{At} open paint tins are leaking onto the pavement.",
						"Chemicals dumped {landmark}|Someone has left gas bottles and chemicals {landmark}.",
					},
					more: []string{
						"There is a strong smell of solvent.",
						"Children play nearby, which is worrying.",
						"It is starting to run towards the drain.",
					},
				},
			},
		},
		"overflowing_bin": {
			titles: []string{
				"Overflowing bin {at}",
				"Rubbish around the bins {landmark}",
			},
			what: []string{
				"Public bin overflowing {at}|The public bin {at} is overflowing and rubbish is blowing away.",
				"Bottle banks full {at}|{At} the bottle banks are full and bottles are piling up around them.",
				"Bin not emptied for days {landmark}|The bin {landmark} has not been emptied for days.",
				"Bags left next to the bin {corner}|{Corner} full bags have been left next to the bin.",
			},
			more: []string{
				"There is rubbish all over the pavement.",
				"At weekends it is even worse.",
				"Pigeons and gulls help themselves.",
				"An extra bin would be useful here.",
			},
		},
		"graffiti": {
			titles: []string{
				"Graffiti outside no. {nr}, {street}",
				"Tags {landmark}",
			},
			what: []string{
				"Building tagged overnight {at}|{At} the front of a building was tagged last night.",
				"Tagged electricity cabinet {at}|{At} an electricity cabinet is covered in tags.",
				"Offensive graffiti {landmark}|Offensive graffiti has been sprayed {landmark}.",
				"Walls covered in tags {corner}|{Corner} the walls are covered in tags again.",
				"Benches and bin tagged {landmark}|Someone has tagged the benches and the bin {landmark}.",
			},
			more: []string{
				"They come back every time they are cleaned off.",
				"Some of the messages are shocking for children walking past.",
				"It makes the whole neighbourhood look neglected.",
				"You can see it from far away.",
			},
		},
		"vegetation": {
			titles: []string{
				"Overgrown vegetation {at}",
				"Vegetation in the way {landmark}",
			},
			what: []string{
				"Hedge growing over the pavement {at}|A hedge has grown over the pavement {at}, so you have to walk in the road.",
				"Tall weeds {at}|{At} the weeds between the cobbles are more than 50 cm tall.",
				"Branches hiding a road sign {corner}|{Corner} the branches of a tree completely hide the road sign.",
				"Trees need pruning {landmark}|The trees {landmark} have not been pruned and touch the house fronts.",
				"Brambles on the pavement {at}|Brambles are taking over the pavement {at}.",
			},
			more: []string{
				"Nobody has been by for months.",
				"You can no longer get through with a pushchair.",
				"It is getting really awkward for pedestrians.",
			},
		},
		"street_furniture": {
			titles: []string{
				"Damaged street furniture {at}",
				"Broken street furniture {landmark}",
			},
			what: []string{
				"Broken bench {landmark}|The bench {landmark} has a broken slat with nails sticking out.",
				"Bike racks ripped out {at}|{At} the bike racks have been ripped out of the ground.",
				"Drinking fountain not working {landmark}|The drinking fountain {landmark} no longer works.",
				"Planter knocked over {corner}|{Corner} a concrete planter has been knocked over.",
				"Bent bike rack outside no. {nr}, {street}|The bike rack {at} is bent and you can no longer lock a bike to it.",
			},
			more: []string{
				"It gets used every day.",
				"It is a shame for the neighbourhood.",
				"Someone could get hurt.",
			},
		},
		"vandalism": {
			titles: []string{
				"Vandalism {at}",
				"Damage to public property {landmark}",
			},
			what: []string{
				"Memorial plaque torn off {at}|The memorial plaque {at} has been torn off.",
				"Statue damaged {at}|{At} the statue has been painted and part of its base is broken.",
				"Notice board smashed {landmark}|The glass of the council notice board {landmark} has been smashed.",
				"Park railings forced open {corner}|{Corner} the park railings have been forced open and bent.",
			},
			more: []string{
				"It is sad to see.",
				"There is debris on the ground.",
				"This is not the first time.",
			},
		},
		"playground": {
			titles: []string{
				"Damaged playground {at}",
				"Unsafe play equipment {landmark}",
			},
			what: []string{
				"Swing with a broken chain {at}|One of the swings in the playground {at} has a broken chain.",
				"Cracked slide {at}|{At} the slide has a crack with sharp edges.",
				"Playground surface coming loose {landmark}|The safety surface of the playground {landmark} has come loose in places.",
				"Playground gate open onto the street {at}|The playground gate {at} is open onto the street.",
			},
			more: []string{
				"Children keep playing on it.",
				"Lots of families come here on Wednesday afternoons.",
				"It should at least be taped off.",
			},
		},
		"other": {
			titles: []string{
				"Problem {at}",
				"Problem {landmark}",
			},
			what: []string{
				"Water leak on the pavement {at}|Water keeps running out of the pavement {at}; it looks like a leak.",
				"Cables hanging down outside no. {nr}, {street}|{At} cables are hanging down a building front to head height.",
				"Abandoned roadwork barriers {landmark}|Roadwork barriers have been left {landmark} although the works finished long ago.",
				"Rats {corner}|{Corner} there are more and more rats.",
				"Problem to report outside no. {nr}, {street}|I am not sure which category to choose: the problem is {at}, outside no. {nr}.",
			},
			more: []string{
				"I do not know who to contact about this.",
				"Please pass this on to the right department.",
				"Several neighbours have complained about it.",
			},
		},
	},
	fallback: catText{
		titles: []string{"{cat} {at}", "{cat} {landmark}"},
		what: []string{
			"I am reporting a problem {at}, outside no. {nr}.",
			"{Corner} there is a problem that needs attention.",
		},
		more: []string{"Several neighbours have complained about it.", "This has been going on {since}."},
	},
	closings: []string{
		"Thanks in advance.",
		"Thank you!",
		"Could someone take a look, please?",
		"Many thanks.",
		"Thanks for sorting this out.",
		"Hope this can be fixed soon.",
	},
	landmarks: []string{
		"outside the school", "near the bus stop", "next to the pharmacy",
		"opposite the bakery", "at the park entrance", "in front of the church",
		"by the metro exit", "near the nursery", "outside the supermarket",
		"next to the Villo! station", "near the town hall", "opposite the café",
		"outside the library", "near the tram stop",
	},
	since: []string{
		"for several weeks", "for over a month", "for at least two weeks", "for months",
	},
	where: map[string]string{
		"roadway": " in the road", "sidewalk": " in the pavement", "bike_lane": " in the bike lane",
	},
	whereOf: map[string]string{
		"roadway": " of the road", "sidewalk": " of the pavement", "bike_lane": " of the bike lane",
	},
	answerSentences: map[string]string{
		"pothole.size_cm":            "It is about {n} cm across.",
		"streetlight_out.lights_out": "{n} lights are out in total.",
	},
	details: []string{
		"Wheelchair users have to go round through the road.",
		"My mother uses a walking frame and cannot cross here on her own.",
		"Blind people have nothing to guide them across.",
		"Parents have to lift their pushchairs to get onto the pavement.",
	},
	noPlate: "no plate",
	notes: map[string][]string{
		"acknowledged": {
			"Thank you for your report. It has been passed on to the department concerned.",
			"Report received; we will check on site.",
			"Thank you, {body} has been informed.",
			"Received. Someone will come and look at the situation.",
			"Thank you for your report; we will deal with it as soon as possible.",
		},
		"in_progress": {
			"Our teams are on site.",
			"Work has started.",
			"A team has been sent to deal with it.",
			"Work is in progress; thank you for your patience.",
			"The job has been assigned to our contractor.",
		},
		"scheduled": {
			"The repair is scheduled for next week.",
			"Our teams will be there in the next few days.",
			"The repair is planned for our next round in the area.",
			"The parts have been ordered; we will come as soon as they arrive.",
			"Work scheduled within two weeks.",
		},
		"fixed": {
			"The problem has been dealt with. Thank you for reporting it.",
			"Fixed! Thank you for keeping an eye out.",
			"Work completed.",
			"Our teams came by this morning; the problem is solved.",
		},
		"wont_fix": {
			"After inspection, no work is planned: the situation is not dangerous.",
			"This layout meets the standards and will not be changed.",
			"This stretch will be completely redesigned next year; we will not intervene until then.",
			"We are unable to follow up on this request at the moment for budget reasons.",
		},
		"not_responsible": {
			"This location is private property; we have informed the owner.",
			"This is outside our remit; the report has been forwarded to the managing authority.",
			"This is a private building site: the developer is responsible.",
			"This road is managed by another service; we have forwarded your report.",
		},
		"closed": {
			"We found nothing on site. Please report it again if the problem comes back.",
			"The problem seems to have gone away by itself. Report closed.",
			"Report closed: there is not enough information to locate the problem.",
			"This problem has already been handled through another report.",
		},
	},
	systemAck: []string{
		"Report forwarded automatically to {body}.",
		"Your report has been sent to {body}.",
	},
	reporterFixed: []string{
		"It's been fixed, thanks!",
		"I went back to check: all sorted.",
		"Problem solved, thank you very much.",
		"Fixed this morning, well done to the teams.",
	},
	fixedByCat: map[string][]string{
		"pothole":               {"The pothole has been filled.", "The hole has been patched pending full resurfacing."},
		"road_surface":          {"The surface has been repaired on that stretch.", "The cobbles have been relaid."},
		"sidewalk":              {"The paving slabs have been relaid.", "The pavement has been repaired."},
		"streetlight_out":       {"The lamp has been replaced.", "The power fault has been repaired; the lights work again."},
		"lamp_post":             {"The lamp post has been replaced.", "The lamp post has been made safe and the hatch closed."},
		"traffic_light":         {"The traffic light has been repaired and works normally."},
		"traffic_sign":          {"The sign has been replaced.", "The sign has been straightened."},
		"road_markings":         {"The markings have been repainted."},
		"bike_lane":             {"The bike lane has been cleared.", "The bike lane has been swept."},
		"transit_stop":          {"The shelter glass has been replaced.", "The shelter has been repaired."},
		"bollard":               {"The bollard has been replaced."},
		"abandoned_vehicle":     {"The vehicle has been removed.", "The wreck has been taken away by our services."},
		"accessibility_barrier": {"The kerb has been lowered.", "The obstacle has been removed."},
		"oil_spill":             {"The road has been cleaned and sanded."},
		"ice_snow":              {"The stretch has been cleared and gritted."},
		"dangerous_tree":        {"The branch has been cut and removed.", "The tree has been made safe."},
		"missing_cover":         {"The cover has been replaced.", "A new grate has been fitted."},
		"clogged_drain":         {"The drain has been cleared."},
		"missed_collection":     {"The bags have been collected."},
		"illegal_dumping":       {"The dumped waste has been removed.", "The waste has been collected; an investigation is under way to find who dumped it."},
		"overflowing_bin":       {"The bin has been emptied.", "The bottle bank has been emptied and the area cleaned."},
		"graffiti":              {"The graffiti has been removed."},
		"vegetation":            {"The pruning has been done.", "The weeds have been cleared."},
		"street_furniture":      {"The street furniture has been repaired."},
		"vandalism":             {"The damage has been repaired."},
		"playground":            {"The equipment has been repaired and the playground reopened."},
	},
	private: []string{
		"Passed to the north sector roads team.",
		"Work order created.",
		"Waiting for parts to be delivered.",
		"Checked on site by the community officer.",
		"Group with the other reports in this street.",
		"Contractor chased by phone.",
		"Photos taken during the visit; file complete.",
		"Priority raised: several reports at the same spot.",
	},
	hiddenPrivate: []string{
		"Report hidden: it contains personal data.",
		"Inappropriate content.",
		"Test report.",
	},
	firstNames: []string{
		"Anna", "David", "Maria", "Tom", "Priya", "James", "Elena", "Lukas",
		"Sara", "Marco", "Ewa", "Tomasz", "Sofia", "Ahmed", "Emma", "Daniel",
		"Ioana", "Jonas", "Laura", "Miguel", "Aoife", "Kofi",
	},
}
